import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, graphApiQuery, parseViewState, serializeViewState } from './view-state';

describe('graph view state in the URL', () => {
  it('round-trips every setting', () => {
    const state = {
      ...DEFAULT_VIEW,
      namespaces: ['bookinfo', 'shop'],
      graphType: 'workload' as const,
      duration: '5m' as const,
      refresh: 0 as const,
      edgeLabel: 'responseTime' as const,
      serviceNodes: false,
      namespaceBoxes: false,
      idle: true,
      securityBadges: true,
      layout: 'cose' as const,
      find: 'rps > 10 AND %err >= 5',
      hide: 'ns=istio-system',
      selected: 'workload/bookinfo/reviews-v2',
    };
    expect(parseViewState(serializeViewState(state))).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(serializeViewState({ ...DEFAULT_VIEW, namespaces: ['bookinfo'] }).toString()).toBe(
      'namespaces=bookinfo',
    );
  });

  it('falls back to defaults for unknown values and drops invalid namespaces', () => {
    const state = parseViewState(
      new URLSearchParams('namespaces=bookinfo,Bad_NS,"x"&graphType=mesh&refresh=7&layout=grid'),
    );
    expect(state).toEqual({ ...DEFAULT_VIEW, namespaces: ['bookinfo'] });
  });

  it('builds the API query from the view', () => {
    expect(graphApiQuery({ ...DEFAULT_VIEW, namespaces: ['a', 'b'], serviceNodes: false })).toBe(
      'namespaces=a%2Cb&graphType=versionedApp&duration=1m&injectServiceNodes=false&includeIdle=false',
    );
  });
});
