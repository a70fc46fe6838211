import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import { UNFOLDED_VIEW, testEdge, testGraph, testNode } from '../graph-view/test-graph';
import { ApiClientError } from './api';
import { GraphAnswers } from './graph-data';

const options = UNFOLDED_VIEW;

/** A server whose answer to every graph query is its current graph, counting the requests. */
function fakeServer() {
  const server = {
    graph: testGraph([testNode('a'), testNode('b')], [testEdge('a', 'b', 1)]) as GraphResponse,
    requests: [] as string[],
  };
  vi.stubGlobal('fetch', async (url: string) => {
    server.requests.push(url);
    return new Response(JSON.stringify(server.graph), { status: 200 });
  });
  return server;
}
const rateOf = (graph: GraphResponse) => graph.elements.edges[0]?.data.rate;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('GraphAnswers', () => {
  it('shows another view of the answer it has without asking the server', async () => {
    const server = fakeServer();
    const answers = new GraphAnswers();
    const first = await answers.show({ query: 'namespaces=x', options, reuse: true });
    server.graph = testGraph([testNode('a'), testNode('b')], [testEdge('a', 'b', 7)]);
    const folded = await answers.show({
      query: 'namespaces=x',
      options: { ...options, hide: 'rps > 0' },
      reuse: true,
    });
    expect(server.requests).toEqual(['/api/graph?namespaces=x']);
    expect(folded.shown.graph.elements.edges).toHaveLength(0);
    expect(folded.fetchedAt).toBe(first.fetchedAt);
    expect(rateOf(first.shown.graph)).toBe(1);
  });

  it('asks the server again for a refresh, and views the new answer from then on', async () => {
    const server = fakeServer();
    const answers = new GraphAnswers();
    await answers.show({ query: 'namespaces=x', options, reuse: true });
    server.graph = testGraph([testNode('a'), testNode('b')], [testEdge('a', 'b', 7)]);
    const refreshed = await answers.show({ query: 'namespaces=x', options, reuse: false });
    const again = await answers.show({ query: 'namespaces=x', options, reuse: true });
    expect(server.requests).toHaveLength(2);
    expect(rateOf(refreshed.shown.graph)).toBe(7);
    expect(rateOf(again.shown.graph)).toBe(7);
  });

  it('keeps the four answers used last', async () => {
    const server = fakeServer();
    const answers = new GraphAnswers();
    for (const q of ['a', 'b', 'c', 'd', 'e'])
      await answers.show({ query: `namespaces=${q}`, options, reuse: true });
    await answers.show({ query: 'namespaces=b', options, reuse: true });
    await answers.show({ query: 'namespaces=a', options, reuse: true });
    expect(server.requests.map((r) => r.split('=')[1])).toEqual(['a', 'b', 'c', 'd', 'e', 'a']);
  });

  it('fails with the backend the server named, keeping nothing', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', async (url: string) => {
      server.requests.push(url);
      return new Response(
        JSON.stringify({ error: { message: 'Prometheus: no answer', backend: 'prometheus' } }),
        { status: 504 },
      );
    });
    const answers = new GraphAnswers();
    const failed = answers.show({ query: 'namespaces=x', options, reuse: true });
    await expect(failed).rejects.toBeInstanceOf(ApiClientError);
    await expect(failed).rejects.toMatchObject({ status: 504, backend: 'prometheus' });
    await expect(answers.show({ query: 'namespaces=x', options, reuse: true })).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
  });
});
