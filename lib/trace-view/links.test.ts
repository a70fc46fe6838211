import { describe, expect, it } from 'vitest';
import { graphLinkForTrace } from './links';

const ID = '0123456789abcdef0123456789abcdef';

describe('graphLinkForTrace', () => {
  it('returns to the graph the user came from, with and without the trace', () => {
    expect(graphLinkForTrace('/graph?namespaces=bookinfo&selected=x', ID, [])).toEqual({
      href: '/graph?namespaces=bookinfo&selected=x',
      withTrace: `/graph?namespaces=bookinfo&selected=x&trace=${ID}`,
    });
    expect(graphLinkForTrace(`/graph?namespaces=a&trace=${'f'.repeat(32)}`, ID, []).href).toBe(
      '/graph?namespaces=a',
    );
  });

  it('never follows a back link off the graph page, falling back to the trace’s namespaces', () => {
    for (const back of [
      'https://evil.example/graph',
      '//evil.example/graph',
      '/graphs-elsewhere',
      'javascript:alert(1)',
    ]) {
      expect(graphLinkForTrace(back, ID, ['bookinfo', 'istio-system', 'Bad"ns']).withTrace).toBe(
        `/graph?namespaces=bookinfo%2Cistio-system&trace=${ID}`,
      );
    }
  });
});
