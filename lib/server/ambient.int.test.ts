import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterSeries } from '../../scripts/lib/openmetrics';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { graphResponseSchema, type GraphResponse } from '../contracts/graph';
import { overviewSchema } from '../contracts/overview';
import { traceListSchema, traceResponseSchema, type TraceList } from '../contracts/traces';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { BOOKINFO_TOPOLOGY, withAmbientTravel } from '../demo/topology';
import { traceHops } from '../traces/istio';
import { edgeLabels, type Peer } from './__fixtures__/backfilled-bookinfo';

/**
 * Istio ambient telemetry in a real Prometheus, with known rates: the ingress gateway (a sidecar
 * proxy) calls an ambient `frontend` 10 times a second, which calls an ambient `bookings` 4 times
 * a second, both through the namespace's waypoint. The waypoint reports every request once
 * (`reporter="waypoint"`), the gateway reports its own calls too (`reporter="source"`), and
 * ztunnel reports the connections to and from the waypoint (`app="ztunnel"`). The demo's
 * Kubernetes API says which workload is the waypoint.
 */
const START = 1_699_999_200;
const AT = START + 1800;

const gateway: Peer = {
  ns: 'istio-system',
  wl: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
  version: 'v1',
};
const frontend: Peer = { ns: 'travel', wl: 'frontend-v1', app: 'frontend', version: 'v1' };
const bookings: Peer = { ns: 'travel', wl: 'bookings-v1', app: 'bookings', version: 'v1' };
const waypoint: Peer = { ns: 'travel', wl: 'waypoint', app: 'waypoint', version: 'unknown' };

const requests = (reporter: string, s: Peer, d: Peer, rate: number): CounterSeries => ({
  name: 'istio_requests_total',
  labels: edgeLabels(reporter, s, d, { response_code: '200' }),
  ratePerSecond: rate,
});
const ztunnel = (s: Peer, d: Peer, bytesPerSecond: number): CounterSeries => ({
  name: 'istio_tcp_sent_bytes_total',
  labels: { ...edgeLabels('destination', s, d, { request_protocol: 'tcp' }), app: 'ztunnel' },
  ratePerSecond: bytesPerSecond,
});

const SERIES: CounterSeries[] = [
  requests('source', gateway, frontend, 10),
  requests('waypoint', gateway, frontend, 10),
  requests('waypoint', frontend, bookings, 4),
  ztunnel(gateway, waypoint, 9000),
  ztunnel(waypoint, frontend, 9000),
  ztunnel(frontend, waypoint, 3000),
  ztunnel(waypoint, bookings, 3000),
];

let prometheus: PrometheusProcess;
let mesh: DemoMesh;
let GET: (request: Request) => Promise<Response>;
let overviewRoute: (request: Request) => Promise<Response>;
type TraceHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;
let serviceTraces: TraceHandler;
let workloadTraces: TraceHandler;
let traceById: TraceHandler;

beforeAll(async () => {
  [prometheus, mesh] = await Promise.all([
    startBackfilledPrometheus(SERIES, { startSec: START, endSec: START + 3600 }),
    startDemoMesh({ rate: 1, topology: withAmbientTravel(BOOKINFO_TOPOLOGY) }),
  ]);
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    KUBE_API_URL: mesh.kubeUrl,
    TRACING_URL: mesh.tracingUrl,
  });
  GET = (await import('../../app/api/graph/route')).GET;
  overviewRoute = (await import('../../app/api/overview/route')).GET;
  serviceTraces = (
    await import('../../app/api/namespaces/[namespace]/services/[service]/traces/route')
  ).GET as unknown as TraceHandler;
  workloadTraces = (
    await import('../../app/api/namespaces/[namespace]/workloads/[workload]/traces/route')
  ).GET as unknown as TraceHandler;
  traceById = (await import('../../app/api/traces/[traceId]/route')).GET as unknown as TraceHandler;
});

afterAll(async () => {
  await Promise.all([prometheus?.stop(), mesh?.stop()]);
});

async function graph(query: string): Promise<GraphResponse> {
  const response = await GET(
    new Request(
      `http://127.0.0.1/api/graph?queryTime=${AT}&duration=5m&graphType=workload&injectServiceNodes=false&${query}`,
    ),
  );
  expect(response.status).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

const edges = (g: GraphResponse) =>
  Object.fromEntries(
    g.elements.edges.map((e) => [
      `${e.data.source.split('/').at(-1)}->${e.data.target.split('/').at(-1)}:${e.data.protocol}`,
      Math.round(e.data.rate * 1000) / 1000,
    ]),
  );

describe('GET /api/overview of an ambient namespace', () => {
  it('counts the requests the waypoint saw into each ambient workload', async () => {
    const response = await overviewRoute(
      new Request(`http://127.0.0.1/api/overview?window=5m&time=${AT}`),
    );
    expect(response.status).toBe(200);
    const overview = overviewSchema.parse(await response.json());
    const travel = overview.namespaces.find((n) => n.name === 'travel');
    const rps = (name: string) => travel?.workloads.find((w) => w.name === name)?.inboundRps;
    expect(rps('frontend-v1')).toBeCloseTo(10, 9);
    expect(rps('bookings-v1')).toBeCloseTo(4, 9);
  });
});

describe('GET /api/graph over ambient telemetry', () => {
  it('counts each request once, from the waypoint, and hides the waypoint by default', async () => {
    expect(edges(await graph('namespaces=travel'))).toEqual({
      'istio-ingressgateway->frontend-v1:http': 10,
      'frontend-v1->bookings-v1:http': 4,
    });
  });

  it('also counts them once when the caller’s namespace is the one selected', async () => {
    expect(edges(await graph('namespaces=istio-system'))).toEqual({
      'istio-ingressgateway->frontend-v1:http': 10,
    });
  });

  it('shows the waypoint on request, with ztunnel’s connections to and from it', async () => {
    const g = await graph('namespaces=travel&waypoints=true');
    expect(g.elements.nodes.find((n) => n.data.workload === 'waypoint')?.data.isWaypoint).toBe(
      true,
    );
    expect(edges(g)).toEqual({
      'istio-ingressgateway->frontend-v1:http': 10,
      'frontend-v1->bookings-v1:http': 4,
      'istio-ingressgateway->waypoint:tcp': 9000,
      'waypoint->frontend-v1:tcp': 9000,
      'frontend-v1->waypoint:tcp': 3000,
      'waypoint->bookings-v1:tcp': 3000,
    });
  });

  it('puts no service node next to a waypoint: one node with its connections', async () => {
    const response = await GET(
      new Request(
        `http://127.0.0.1/api/graph?queryTime=${AT}&duration=5m&graphType=workload&namespaces=travel&waypoints=true`,
      ),
    );
    const g = graphResponseSchema.parse(await response.json());
    const waypointNodes = g.elements.nodes.filter((n) => n.data.isWaypoint);
    expect(waypointNodes.map((n) => n.data.id)).toEqual(['workload/travel/waypoint']);
    expect(g.elements.nodes.some((n) => n.data.id === 'service/travel/waypoint')).toBe(false);
    // The requests still pass their services.
    expect(g.elements.nodes.some((n) => n.data.id === 'service/travel/bookings')).toBe(true);

    // In an app graph too: a waypoint is a proxy, not an app (one node, whatever its version).
    const apps = graphResponseSchema.parse(
      await (
        await GET(
          new Request(
            `http://127.0.0.1/api/graph?queryTime=${AT}&duration=5m&graphType=versionedApp&namespaces=travel&waypoints=true`,
          ),
        )
      ).json(),
    );
    expect(apps.elements.nodes.filter((n) => n.data.isWaypoint).map((n) => n.data.id)).toEqual([
      'workload/travel/waypoint',
    ]);
  });

  it('counts only what the ambient choice asks for', async () => {
    const only = async (ambientTraffic: string) =>
      edges(await graph(`namespaces=travel&waypoints=true&ambientTraffic=${ambientTraffic}`));
    // Waypoint (L7) without ztunnel (L4).
    expect(await only('waypoint')).toEqual({
      'istio-ingressgateway->frontend-v1:http': 10,
      'frontend-v1->bookings-v1:http': 4,
    });
    // ztunnel without the waypoint's requests: the connections only.
    expect(Object.keys(await only('ztunnel')).every((edge) => edge.endsWith(':tcp'))).toBe(true);
    // Neither: an ambient namespace shows nothing of its own.
    expect(await only('none')).toEqual({});
  });
});

describe('traces of ambient workloads, from their waypoint', () => {
  const search = async (handler: TraceHandler, params: Record<string, string>, query = '') => {
    const response = await handler(
      new Request(`http://127.0.0.1/api/x/traces?start=1&limit=5&${query}`),
      { params: Promise.resolve(params) },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    return traceListSchema.parse(await response.json());
  };
  /** Searches until `enough` traces are found (the demo traces 1 request a second) or 45 s pass. */
  const found = async (ask: () => Promise<TraceList>, enough = 3): Promise<TraceList> => {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const list = await ask();
      if (list.traces.length >= enough || Date.now() > deadline) return list;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const hopsOf = async (traceId: string) => {
    const response = await traceById(new Request(`http://127.0.0.1/api/traces/${traceId}`), {
      params: Promise.resolve({ traceId }),
    });
    expect(response.status).toBe(200);
    return traceHops(traceResponseSchema.parse(await response.json()).trace).map(
      (h) => `${h.source.workload} -[${h.service?.name}]-> ${h.destination?.workload}`,
    );
  };

  it('finds a service’s traces among its waypoint’s spans, and says so', async () => {
    const list = await found(() =>
      search(serviceTraces, { namespace: 'travel', service: 'bookings' }),
    );
    expect(list.searched).toMatchObject({
      service: 'waypoint.travel',
      waypoint: 'travel/waypoint',
    });
    expect(list.traces.length).toBeGreaterThanOrEqual(3);
    for (const { traceId } of list.traces)
      expect(await hopsOf(traceId)).toEqual([
        'istio-ingressgateway -[frontend]-> frontend-v1',
        'frontend-v1 -[bookings]-> bookings-v1',
      ]);
  });

  it('finds a workload’s traces and an edge’s, by the ends the waypoint names', async () => {
    const workload = await found(() =>
      search(workloadTraces, { namespace: 'travel', workload: 'frontend-v1' }),
    );
    expect(workload.searched).toMatchObject({
      workload: 'frontend-v1',
      waypoint: 'travel/waypoint',
    });
    expect(workload.traces.length).toBeGreaterThanOrEqual(3);
    const edge = await found(() =>
      search(
        serviceTraces,
        { namespace: 'travel', service: 'bookings' },
        'from=travel%2Ffrontend-v1',
      ),
    );
    expect(edge.traces.length).toBeGreaterThanOrEqual(3);
    // bookings is never called by the gateway: that edge has no traces.
    const none = await search(
      serviceTraces,
      { namespace: 'travel', service: 'bookings' },
      'from=istio-system%2Fistio-ingressgateway',
    );
    expect(none.traces).toEqual([]);
  });
});
