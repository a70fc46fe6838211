import { describe, expect, it } from 'vitest';
import { foldedNodeId } from './fold';
import { showGraph } from './shown-graph';
import { UNFOLDED_VIEW, testEdge, testGraph, testNode } from './test-graph';

const all = UNFOLDED_VIEW;

/** gw → a1 → a2 (team-a), a1 → b1 (team-b); a2 is new against the baseline, a1 → b1 gone. */
const answer = testGraph(
  [
    testNode('gw', 'istio-system'),
    testNode('a1', 'team-a'),
    testNode('a2', 'team-a', { compared: { status: 'new' } }),
    testNode('b1', 'team-b'),
  ],
  [
    testEdge('gw', 'a1', 10),
    testEdge('a1', 'a2', 4),
    testEdge('a1', 'b1', 6, { compared: { status: 'vanished' } }),
  ],
);
const ids = (shown: { graph: typeof answer }) => shown.graph.elements.nodes.map((n) => n.data.id);

describe('showGraph', () => {
  it('shows the whole answer when nothing is hidden, focused or folded', () => {
    const shown = showGraph(answer, all);
    expect(shown.graph).toBe(answer);
    expect(shown).toMatchObject({ answered: 4, unfolded: 4, folded: [] });
    expect(shown.compared).toEqual({ new: 1, vanished: 1 });
    expect(shown.focused).toBeUndefined();
  });

  it('hides first, then keeps the focus neighbourhood, then folds what is left', () => {
    const shown = showGraph(answer, {
      ...all,
      hide: 'ns=team-b',
      focus: 'a1',
      hops: 1,
      fold: 'all',
      expand: ['team-a'],
    });
    // b1 (team-b) hidden; gw and a2 are one hop from a1; istio-system folds, team-a is expanded.
    expect(ids(shown).sort()).toEqual(['a1', 'a2', foldedNodeId('istio-system')].sort());
    expect(shown).toMatchObject({ answered: 4, unfolded: 3, folded: ['istio-system'] });
    expect(shown.focused?.id).toBe('a1');
  });

  it('counts traffic into each namespace before folding, inside folded namespaces too', () => {
    const shown = showGraph(answer, { ...all, fold: 'all' });
    expect(ids(shown).every((id) => id.startsWith('folded/'))).toBe(true);
    const teamA = shown.totals.byNamespace.find((t) => t.namespace === 'team-a');
    // gw → a1 (10) and a1 → a2 (4): the edge inside team-a is gone from the folded graph.
    expect(teamA?.requestsPerSecond).toBe(14);
    expect(shown.totals.all.requestsPerSecond).toBe(20);
  });

  it('hides nothing for an expression that does not parse', () => {
    expect(showGraph(answer, { ...all, hide: 'rate >' }).unfolded).toBe(4);
  });

  it('says the answer had no nodes', () => {
    expect(showGraph(testGraph([], []), all)).toMatchObject({ answered: 0, unfolded: 0 });
  });
});
