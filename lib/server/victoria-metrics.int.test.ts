import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import {
  startBackfilledVictoriaMetrics,
  type VictoriaMetricsProcess,
} from '../../scripts/lib/victoria-metrics';
import { graphParamsSchema } from '../contracts/graph-params';
import type { GraphResponse } from '../contracts/graph';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient, type KubeClient } from '../kube/client';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import { AT, SERIES, START } from './__fixtures__/backfilled-bookinfo';
import { loadGraphLimits } from './graph-limits';
import { loadGraph } from './graph';
import { loadEdgeDetails, loadNodeSeries } from './graph-details';
import { checkReadiness } from './readiness';

/**
 * VictoriaMetrics is a second implementation of Prometheus' query API. Fed the same series as
 * a real Prometheus, it must give Meshlens the same graph, figure for figure, and the places
 * where it answers differently (no build version, no runtime info) must not break a page.
 */
let prometheus: PrometheusProcess;
let victoria: VictoriaMetricsProcess;
let mesh: DemoMesh;
let kube: KubeClient;
const client = (url: string): PrometheusClient =>
  createPrometheusClient({ url, timeoutMs: 10_000 });

beforeAll(async () => {
  const window = { startSec: START, endSec: START + 3600 };
  [prometheus, victoria, mesh] = await Promise.all([
    startBackfilledPrometheus(SERIES, window),
    startBackfilledVictoriaMetrics(SERIES, window),
    startDemoMesh({ rate: 1 }),
  ]);
  kube = createKubeClient({
    access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await Promise.all([prometheus?.stop(), victoria?.stop(), mesh?.stop()]);
});

/** Every number rounded to 9 significant digits: the stores' floating point may differ below. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isFinite(value) ? Number(value.toPrecision(9)) : value;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

const graphFrom = (prometheusClient: PrometheusClient, graphType: string): Promise<GraphResponse> =>
  loadGraph(
    { prometheus: prometheusClient, kube },
    graphParamsSchema.parse({
      // Bookinfo, and a gRPC stream whose messages are counted too.
      namespaces: 'bookinfo,payments',
      grpcRate: 'total',
      graphType,
      duration: '5m',
      queryTime: String(AT),
    }),
    { nowSec: AT },
  );

describe('VictoriaMetrics as the metrics store', () => {
  it.each(['workload', 'app', 'versionedApp', 'service'])(
    'gives the same %s graph as Prometheus from the same series',
    async (graphType) => {
      const [fromPrometheus, fromVictoria] = await Promise.all([
        graphFrom(client(prometheus.url), graphType),
        graphFrom(client(victoria.url), graphType),
      ]);
      // Not an empty graph twice: the fixture's edges are there, with their figures.
      expect(fromPrometheus.elements.edges.length).toBeGreaterThanOrEqual(4);
      expect(fromPrometheus.elements.edges.some((e) => (e.data.responseTimeMs ?? 0) > 0)).toBe(
        true,
      );
      expect(rounded(fromVictoria.elements)).toEqual(rounded(fromPrometheus.elements));
      expect(fromVictoria.warnings).toEqual(fromPrometheus.warnings);
    },
  );

  it('gives the same node series (range queries) and edge details (quantiles, mTLS principals)', async () => {
    const node = 'app/bookinfo/productpage/v1';
    const edge = `${node}->service/bookinfo/reviews:http`;
    const both = <T>(load: (c: PrometheusClient) => Promise<T>) =>
      Promise.all([load(client(prometheus.url)), load(client(victoria.url))]);

    const [seriesP, seriesV] = await both((c) =>
      loadNodeSeries(
        c,
        { node, direction: 'outbound', duration: 600, queryTime: AT },
        { nowSec: AT },
      ),
    );
    expect(seriesP.rate.length).toBeGreaterThan(5);
    // Outbound is what productpage reports itself: its source-reported calls to reviews-v1.
    expect(seriesP.rate.at(-1)?.v).toBeCloseTo(5, 6);
    expect(rounded(seriesV)).toEqual(rounded(seriesP));

    const [detailsP, detailsV] = await both((c) =>
      loadEdgeDetails(c, { edge, duration: 300, queryTime: AT }, { nowSec: AT }),
    );
    expect(detailsP.principals.length).toBeGreaterThan(0);
    expect(rounded(detailsV)).toEqual(rounded(detailsP));
  });

  it('is ready without a build version, and offers the longest graph window without runtime info', async () => {
    const readiness = await checkReadiness({
      prometheus: client(victoria.url),
      kube,
      tracing: undefined,
      now: () => new Date(),
    });
    expect(readiness.backends.find((b) => b.backend === 'prometheus')).toMatchObject({
      status: 'ready',
      version: undefined,
    });
    const limits = await loadGraphLimits(client(victoria.url));
    expect(limits).toEqual({ maxDurationSeconds: 7 * 86_400, retention: undefined });
  });
});
