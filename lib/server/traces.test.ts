import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../kube/client';
import type { Span, Trace, TraceQuery } from '../traces/model';
import type { TracingClient } from '../tracing/client';
import { searchTraces } from './traces';

/** A span of `pod`'s sidecar, as Istio's Envoy tags it. */
const span = (traceId: string, pod: string, startUs: number): Span => ({
  traceId,
  spanId: traceId.slice(16),
  references: [],
  service: 'reviews.bookinfo',
  operation: 'reviews.bookinfo.svc.cluster.local:9080/*',
  startUs,
  durationUs: 1000,
  kind: 'server',
  error: false,
  attributes: [
    { key: 'node_id', value: `sidecar~10.0.0.1~${pod}.bookinfo~bookinfo.svc.cluster.local` },
  ],
  events: [],
  resource: [],
  warnings: [],
});

/** `count` traces one second apart, newest last; one in `every` went through reviews-v2. */
function backend(count: number, every: number): { client: TracingClient; pages: number[] } {
  const traces: Trace[] = Array.from({ length: count }, (_, i) => {
    const id = (i + 1).toString(16).padStart(32, '0');
    const pod = i % every === 0 ? 'reviews-v2-5d7f8c9b4d-x2k9p' : 'reviews-v1-7f9c6b5d8d-q8w4z';
    return { traceId: id, spans: [span(id, pod, (i + 1) * 1_000_000)], warnings: [] };
  });
  const pages: number[] = [];
  const findTraces = async (query: TraceQuery): Promise<Trace[]> => {
    pages.push(query.limit);
    // Jaeger's semantics: newest first, start within [startUs, endUs], at most `limit`.
    return traces
      .filter((t) => {
        const start = t.spans[0]?.startUs ?? 0;
        return start >= query.startUs && start <= query.endUs;
      })
      .reverse()
      .slice(0, query.limit);
  };
  const unused = () => Promise.reject(new Error('not used'));
  return {
    pages,
    client: {
      url: 'http://jaeger.test',
      api: async () => 'jaeger-v3',
      check: async () => 'jaeger-v3',
      services: unused,
      operations: unused,
      searchTraces: unused,
      findTraces,
      getTrace: unused,
    },
  };
}

const search = (client: TracingClient, limit: number) =>
  searchTraces(
    {
      tracing: client,
      kube: {} as KubeClient,
      serviceTemplate: '{service}.{namespace}',
      uiUrl: undefined,
    },
    { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' },
    {
      start: 0,
      end: 100_000,
      limit,
      errorsOnly: false,
      tags: {},
      app: 'reviews',
    } as Parameters<typeof searchTraces>[2],
    { nowMs: 100_000_000 },
  );

describe('searchTraces for a workload (filtered here)', () => {
  it('pages back through the window until the limit is met', async () => {
    const { client, pages } = backend(3000, 10);
    const result = await search(client, 20);
    expect(result.traces).toHaveLength(20);
    expect(result.warnings).toEqual([]);
    // Newest first: trace 2991 (index 2990) is the newest through reviews-v2.
    expect(result.traces[0]?.traceId).toBe((2991).toString(16).padStart(32, '0'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });

  it('returns all there are, without a warning, when the window holds fewer', async () => {
    const { client } = backend(300, 10);
    const result = await search(client, 50);
    expect(result.traces).toHaveLength(30);
    expect(result.warnings).toEqual([]);
  });

  it('stops after about 2,000 traces read and says how far it looked', async () => {
    const { client } = backend(10_000, 500);
    const result = await search(client, 20);
    expect(result.traces).toHaveLength(4);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^Found 4 of 20 traces among the 20\d\d most recent traces of reviews\.bookinfo \(the most Meshlens reads for one search\); narrow the time window to look further back\.$/,
    );
  });
});
