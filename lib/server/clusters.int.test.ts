import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CounterSeries } from '../../scripts/lib/openmetrics';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { graphResponseSchema, type GraphResponse } from '../contracts/graph';
import { dashboardSchema, entityDetailsSchema } from '../contracts/entities';
import { nodeSeriesSchema } from '../contracts/graph-details';
import {
  routingApplySchema,
  routingResponseSchema,
  type RoutingResponse,
} from '../contracts/routing';
import { demoKubeconfig } from '../demo/kubeconfig';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { resourceTypeOf } from '../demo/kube/resources';
import { BOOKINFO_TOPOLOGY, withTwoClusters } from '../demo/topology';
import { edgeLabels, type Peer } from './__fixtures__/backfilled-bookinfo';

/**
 * A mesh of two clusters in a real Prometheus, with known rates, and the demo's two
 * Kubernetes APIs reached through a kubeconfig of two contexts (KUBE_CLUSTERS=east,west), as
 * a multi-primary Istio install is. Productpage in east calls reviews v2 in east (3/s) and
 * reviews v3 in west (1/s); each reviews calls the ratings of its own cluster.
 */
const START = 1_699_999_200;
const AT = START + 1800;

type At = Peer & { cluster: string };
const bookinfo = (cluster: string, wl: string): At => {
  const [app = wl, version = 'v1'] = wl.split('-');
  return { ns: 'bookinfo', wl, app, version, cluster };
};
const productpage = bookinfo('east', 'productpage-v1');
const reviews2 = bookinfo('east', 'reviews-v2');
const reviews3 = bookinfo('west', 'reviews-v3');
const ratings1 = bookinfo('east', 'ratings-v1');
const ratings2 = bookinfo('west', 'ratings-v2');

/** One edge, reported by both proxies, as Istio labels a request between two clusters. */
const edge = (s: At, d: At, rate: number): CounterSeries[] =>
  ['source', 'destination'].map((reporter) => ({
    name: 'istio_requests_total',
    labels: {
      ...edgeLabels(reporter, s, d, { response_code: '200' }),
      source_cluster: s.cluster,
      destination_cluster: d.cluster,
    },
    ratePerSecond: rate,
  }));

const SERIES: CounterSeries[] = [
  ...edge(productpage, reviews2, 3),
  ...edge(productpage, reviews3, 1),
  ...edge(reviews2, ratings1, 3),
  ...edge(reviews3, ratings2, 1),
];

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let prometheus: PrometheusProcess;
let mesh: DemoMesh;
let dir: string;
let graphRoute: (request: Request) => Promise<Response>;
let nodeRoute: (request: Request) => Promise<Response>;
let routing: { GET: Handler; PUT: Handler };

beforeAll(async () => {
  [prometheus, mesh] = await Promise.all([
    startBackfilledPrometheus(SERIES, { startSec: START, endSec: START + 3600 }),
    startDemoMesh({ rate: 50, topology: withTwoClusters(BOOKINFO_TOPOLOGY) }),
  ]);
  dir = mkdtempSync(join(tmpdir(), 'meshlens-clusters-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, demoKubeconfig(mesh.clusters));
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Reflect.deleteProperty(process.env, 'KUBE_API_URL');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    KUBECONFIG: kubeconfig,
    KUBE_CLUSTERS: 'east,west',
    VIEW_ONLY: 'false',
    KUBE_CACHE_SECONDS: '1',
  });
  graphRoute = (await import('../../app/api/graph/route')).GET;
  nodeRoute = (await import('../../app/api/graph/node/route')).GET;
  routing =
    (await import('../../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as typeof routing;
});

afterAll(async () => {
  await Promise.all([prometheus?.stop(), mesh?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function graph(query: string): Promise<GraphResponse> {
  const response = await graphRoute(
    new Request(
      `http://127.0.0.1/api/graph?queryTime=${AT}&namespaces=bookinfo&${query.includes('duration=') ? '' : 'duration=5m&'}${query}`,
    ),
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

const rates = (g: GraphResponse) =>
  Object.fromEntries(g.elements.edges.map((e) => [e.data.id, e.data.rate]));
const node = (g: GraphResponse, id: string) => g.elements.nodes.find((n) => n.data.id === id)?.data;

const west = () => mesh.clusters.find((c) => c.name === 'west')!.store;
const east = () => mesh.clusters.find((c) => c.name === 'east')!.store;

describe('GET /api/graph over two clusters', () => {
  it('puts every node in its cluster and counts each cross-cluster request once', async () => {
    const g = await graph('graphType=versionedApp&injectServiceNodes=false');
    expect(rates(g)).toEqual({
      'app/bookinfo/productpage/v1@east->app/bookinfo/reviews/v2@east:http': 3,
      'app/bookinfo/productpage/v1@east->app/bookinfo/reviews/v3@west:http': 1,
      'app/bookinfo/reviews/v2@east->app/bookinfo/ratings/v1@east:http': 3,
      'app/bookinfo/reviews/v3@west->app/bookinfo/ratings/v2@west:http': 1,
    });
    expect(node(g, 'app/bookinfo/reviews/v3@west')).toMatchObject({
      cluster: 'west',
      health: { status: 'healthy' },
    });
    expect(g.warnings).toEqual([]);
  });

  it('reads each node’s health from its own cluster’s Kubernetes API', async () => {
    // Scaled to zero in west only: east has no reviews-v3 to confuse it with.
    const deployments = resourceTypeOf('Deployment');
    const names = (store: typeof mesh.store) =>
      store.list(deployments, 'bookinfo').map((d) => d.metadata.name);
    expect(names(east())).not.toContain('reviews-v3');
    const deployment = west().get(deployments, 'bookinfo', 'reviews-v3');
    west().update(deployments, 'bookinfo', 'reviews-v3', {
      ...deployment,
      spec: { ...(deployment.spec as object), replicas: 0 },
    });
    // The graph draws with the kept reading of each cluster while a newer one is read
    // (KUBE_CACHE_SECONDS=1 here): the change shows once that reading is in. Each try is
    // another graph than the ones the server keeps for a few seconds.
    let seconds = 300;
    await vi.waitFor(
      async () => {
        seconds -= 1;
        const g = await graph(
          `graphType=versionedApp&injectServiceNodes=false&responseTime=avg&duration=${seconds}s`,
        );
        expect(node(g, 'app/bookinfo/reviews/v3@west')?.health).toEqual({
          status: 'notReady',
          reason: 'scaled to 0 replicas',
        });
        expect(node(g, 'app/bookinfo/reviews/v2@east')?.health.status).toBe('healthy');
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('selects a node’s own cluster for its series: the same service in two clusters apart', async () => {
    const latestRate = async (node: string) => {
      const response = await nodeRoute(
        new Request(
          `http://127.0.0.1/api/graph/node?${new URLSearchParams({ node, queryTime: String(AT), duration: '5m' })}`,
        ),
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const series = nodeSeriesSchema.parse(await response.json());
      return Math.round((series.rate.at(-1)?.v ?? NaN) * 1000) / 1000;
    };
    expect(await latestRate('service/bookinfo/ratings@east')).toBe(3);
    expect(await latestRate('service/bookinfo/ratings@west')).toBe(1);
    // An id without a cluster (a graph of one cluster) selects them all.
    expect(await latestRate('service/bookinfo/ratings')).toBe(4);
  });

  it('lists the idle workloads of each cluster in that cluster', async () => {
    const g = await graph('graphType=workload&injectServiceNodes=false&includeIdle=true');
    const idle = g.elements.nodes.filter((n) => n.data.isIdle).map((n) => n.data.id);
    expect(idle).toEqual(
      expect.arrayContaining([
        'workload/bookinfo/details-v1@east',
        'workload/bookinfo/mongodb-v1@east',
      ]),
    );
    expect(idle.filter((id) => id.endsWith('@west'))).toEqual([]);
  });
});

const url = (service: string, query = '') =>
  `http://127.0.0.1/api/namespaces/bookinfo/services/${service}/routing${query}`;
const params = (service: string) => ({
  params: Promise.resolve({ namespace: 'bookinfo', service }),
});

async function read(service: string, query: string): Promise<RoutingResponse> {
  const response = await routing.GET(new Request(url(service, query)), params(service));
  expect(response.status, await response.clone().text()).toBe(200);
  return routingResponseSchema.parse(await response.json());
}

/** The demo's Istio series for requests from `source` that a fault injection aborted. */
async function aborted(source: string): Promise<number> {
  const text = await (await fetch(mesh.metricsUrl)).text();
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('istio_requests_total{') &&
        line.includes(`source_workload="${source}"`) &&
        line.includes('response_flags="FI"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('routing in a named cluster', () => {
  it('reads the cluster ?cluster= names, and says which it is', async () => {
    const inWest = await read('reviews', '?cluster=west');
    expect(inWest.cluster).toMatchObject({ name: 'west', context: 'west' });
    expect(inWest.workloads.map((w) => w.name)).toEqual(['reviews-v3']);
    const home = await read('reviews', '');
    expect(home.cluster).toMatchObject({ name: 'east', context: 'east' });
    expect(home.workloads.map((w) => w.name)).toEqual(['reviews-v1', 'reviews-v2']);
  });

  it('answers 404 naming KUBE_CLUSTERS for a cluster it has no API for', async () => {
    const response = await routing.GET(
      new Request(url('reviews', '?cluster=north')),
      params('reviews'),
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message:
          'cluster north: no Kubernetes API is configured for it (KUBE_CLUSTERS names east, west)',
        backend: 'kubernetes',
        kind: 'unconfigured',
      },
    });
  });

  it('writes to that cluster only, and only its proxies follow', async () => {
    const before = await read('ratings', '?cluster=west');
    const response = await routing.PUT(
      new Request(url('ratings', '?cluster=west'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          base: before.editing,
          routeKind: 'VirtualService',
          spec: {
            http: [
              {
                match: [],
                fault: { abort: { httpStatus: 503, percent: 100 } },
                destinations: [{ host: 'ratings', weight: 100 }],
              },
            ],
            tcp: [],
            subsets: [],
          },
        }),
      }),
      params('ratings'),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    expect(routingApplySchema.parse(await response.json()).routing.cluster.name).toBe('west');
    const virtualServices = resourceTypeOf('VirtualService');
    const names = (store: typeof mesh.store) =>
      store.list(virtualServices, 'bookinfo').map((v) => v.metadata.name);
    expect(names(west())).toEqual(['ratings']);
    expect(names(east())).toEqual([]);
    // West's proxies (reviews v3) abort their calls to ratings; east's (reviews v2) do not.
    const waited = Date.now();
    while ((await aborted('reviews-v3')) === 0 && Date.now() - waited < 10_000)
      await new Promise((r) => setTimeout(r, 200));
    expect(await aborted('reviews-v3')).toBeGreaterThan(0);
    expect(await aborted('reviews-v2')).toBe(0);
    // The graph badges west's ratings only.
    const g = await graph('graphType=versionedApp&injectServiceNodes=false&responseTime=50');
    expect(node(g, 'app/bookinfo/ratings/v2@west')?.badges).toEqual(
      expect.arrayContaining(['virtualService', 'faultInjection']),
    );
    expect(node(g, 'app/bookinfo/ratings/v1@east')?.badges).toBeUndefined();
  });
});

describe('pages in a named cluster', () => {
  const api = '../../app/api/namespaces/[namespace]';
  const call = async (route: string, params: Record<string, string>, query = '') => {
    const { GET } = (await import(`${api}/${route}/route`)) as { GET: Handler };
    return GET(new Request(`http://127.0.0.1/api/x${query}`), { params: Promise.resolve(params) });
  };

  it("reads a workload's page from the Kubernetes API of the cluster ?cluster= names", async () => {
    const params = { namespace: 'bookinfo', workload: 'reviews-v3' };
    const west = await call('workloads/[workload]', params, '?cluster=west');
    expect(west.status, await west.clone().text()).toBe(200);
    const details = entityDetailsSchema.parse(await west.json());
    expect(details.pods.map((p) => p.workload)).toEqual(['reviews-v3']);
    // The home cluster (east) does not run it.
    expect((await call('workloads/[workload]', params)).status).toBe(404);
    expect((await call('workloads/[workload]', params, '?cluster=north')).status).toBe(404);
    // Its pod's log, from west's API.
    const log = await call(
      'pods/[pod]/log',
      { namespace: 'bookinfo', pod: details.pods[0]!.name },
      '?cluster=west&container=istio-proxy&tailLines=1',
    );
    expect(log.status, await log.clone().text()).toBe(200);
  });

  it("charts the traffic a service's instances in that cluster served", async () => {
    const chart = async (cluster: string) => {
      const response = await call(
        'services/[service]/metrics',
        { namespace: 'bookinfo', service: 'reviews' },
        `?cluster=${cluster}&queryTime=${AT}&duration=5m&by=peer`,
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const requests = dashboardSchema.parse(await response.json()).charts[0];
      return Object.fromEntries(requests!.series.map((s) => [s.label, s.values.at(-1)]));
    };
    const east = await chart('east');
    const west = await chart('west');
    expect(east['productpage-v1']).toBeCloseTo(3, 6);
    expect(west['productpage-v1']).toBeCloseTo(1, 6);
  });
});
