import { describe, expect, it } from 'vitest';
import { viewStateNotices } from './view-notices';
import { parseViewState } from './view-state';

const notices = (query: string) => {
  const params = new URLSearchParams(query);
  return viewStateNotices(params, parseViewState(params, Date.UTC(2026, 10, 29)));
};

describe('viewStateNotices', () => {
  it('names each value it replaced, and what it shows instead', () => {
    expect(notices('namespaces=bookinfo&graphType=bogus&duration=999y')).toEqual([
      'graphType="bogus" is not a valid value: showing versionedApp.',
      'duration="999y" is not a valid value: showing 1m.',
    ]);
  });

  it('names unknown parameters and invalid namespace names', () => {
    expect(notices('namespaces=bookinfo,Bad_NS&colour=red')).toEqual([
      'Ignored "Bad_NS": not namespace names.',
      'Ignored unknown parameter colour.',
    ]);
  });

  it('says nothing about a valid link, defaults written out, or Grafana parameters', () => {
    expect(
      notices(
        'namespaces=bookinfo&graphType=versionedApp&duration=5m&refresh=15&find=rt>1000&from=now-1h&to=now&kiosk&theme=dark',
      ),
    ).toEqual([]);
  });

  it('reports a bad replay time and a malformed trace id', () => {
    expect(notices('namespaces=a&time=yesterday&trace=xyz')).toEqual([
      'Ignored time="yesterday": not a valid value.',
      'Ignored trace="xyz": not a valid value.',
    ]);
  });
});
