import { describe, expect, it } from 'vitest';
import { foldNamespaces, foldedNodeId } from './fold';
import { showGraph, WHOLE_GRAPH } from './shown-graph';
import { testEdge, testGraph, testNode } from './test-graph';
import { thinFoldedCalls } from './thin';

const NAMESPACES = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];

/**
 * One workload in each of six namespaces, every one calling every other at a rate that grows
 * with both ends (n5 → n4 the busiest), n0 → n1 failing; and n5's own call to a second
 * workload, which folding leaves inside n5.
 */
function mesh() {
  const nodes = [...NAMESPACES.map((ns) => testNode(`w-${ns}`, ns)), testNode('w2-n5', 'n5')];
  const edges = NAMESPACES.flatMap((from, i) =>
    NAMESPACES.flatMap((to, j) =>
      i === j
        ? []
        : [
            testEdge(`w-${from}`, `w-${to}`, 10 * i + j + 1, {
              ...(from === 'n0' && to === 'n1'
                ? { health: { status: 'failure', reason: '5xx 50.0%' } }
                : {}),
            }),
          ],
    ),
  );
  edges.push(testEdge('w-n5', 'w2-n5', 100));
  return testGraph(nodes, edges);
}

const ends = (graph: ReturnType<typeof mesh>) =>
  graph.elements.edges.map((e) => `${e.data.source} ${e.data.target}`).sort();
const f = foldedNodeId;

describe('thinFoldedCalls', () => {
  it('draws the busiest calls, the failing ones and each namespace’s busiest in and out', () => {
    const folded = foldNamespaces(mesh(), new Set(NAMESPACES));
    expect(folded.elements.edges).toHaveLength(30);
    const { graph, thinned } = thinFoldedCalls(folded, 3);
    expect(ends(graph)).toEqual(
      [
        // The three busiest: out of n5 to n4, n3, n2.
        `${f('n5')} ${f('n4')}`,
        `${f('n5')} ${f('n3')}`,
        `${f('n5')} ${f('n2')}`,
        // Failing, however quiet.
        `${f('n0')} ${f('n1')}`,
        // Each one's busiest out (into n5 from n0…n4) and in (from n5, or from n4 into n5).
        `${f('n0')} ${f('n5')}`,
        `${f('n1')} ${f('n5')}`,
        `${f('n2')} ${f('n5')}`,
        `${f('n3')} ${f('n5')}`,
        `${f('n4')} ${f('n5')}`,
        `${f('n5')} ${f('n1')}`,
        `${f('n5')} ${f('n0')}`,
      ].sort(),
    );
    expect(thinned).toBe(30 - 11);
    // The nodes and their traffic are as folding made them: thinning leaves out lines only.
    expect(graph.elements.nodes).toBe(folded.elements.nodes);
  });

  it('leaves a graph with few enough calls as it is, and the calls of expanded nodes always', () => {
    const folded = foldNamespaces(mesh(), new Set(NAMESPACES));
    expect(thinFoldedCalls(folded, 30)).toEqual({ graph: folded, thinned: 0 });
    // n5 expanded: its workloads' own call is not a call between namespaces.
    const open = foldNamespaces(mesh(), new Set(NAMESPACES.slice(0, 5)));
    const { graph } = thinFoldedCalls(open, 1);
    expect(ends(graph)).toContain('w-n5 w2-n5');
  });
});

describe('showGraph with folded namespaces', () => {
  const options = { ...WHOLE_GRAPH, fold: 'all' as const };

  it('thins their calls unless every call is asked for, and says how many it left out', () => {
    // Six namespaces call each other 30 times: under the limit, nothing is thinned.
    const shown = showGraph(mesh(), { ...options, calls: 'busiest' });
    expect(shown.thinned).toBe(0);
    expect(shown.graph.elements.edges).toHaveLength(30);

    const many = Array.from({ length: 20 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const large = testGraph(
      many.map((ns) => testNode(`w-${ns}`, ns)),
      many.flatMap((from, i) =>
        many.flatMap((to, j) => (i === j ? [] : [testEdge(`w-${from}`, `w-${to}`, i + j + 1)])),
      ),
    );
    const busiest = showGraph(large, { ...options, calls: 'busiest' });
    expect(busiest.graph.elements.edges.length).toBeLessThan(380);
    expect(busiest.thinned).toBe(380 - busiest.graph.elements.edges.length);
    const every = showGraph(large, { ...options, calls: 'all' });
    expect(every.thinned).toBe(0);
    expect(every.graph.elements.edges).toHaveLength(380);
  });
});
