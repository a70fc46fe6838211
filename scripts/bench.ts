/**
 * `npm run bench`: prints figures, asserts nothing. Record results in docs/PERFORMANCE.md.
 *
 * 1. Demo mesh: simulated requests per second, including Istio metric recording.
 * 2. Overview builder: time to join 2,000 workloads' samples with their Deployments.
 * 3. /api/overview over a real Prometheus and the demo Kubernetes API: latency percentiles.
 * 4. Graph builder: a synthetic mesh of 2,500 workloads (12,490 edges), per graph type.
 * 5. /api/graph over the demo: latency percentiles and the number of PromQL queries.
 * 6. Traces: mapping, validating and laying out a 10,000-span trace.
 * 7. Trace routes over the demo's Jaeger api_v3: search and trace-by-id latency.
 *
 * Sections by name (`npm run bench -- graph-build`): simulation, overview, graph-build,
 * traces, routes (5 and 7, and routing).
 */
import { buildGraph, type GraphSamples } from '../lib/graph/build-graph';
import { allQueries, graphQueries } from '../lib/graph/queries';
import { buildOverview } from '../lib/overview/build-overview';
import { IstioMetrics } from '../lib/demo/istio-metrics';
import { seededRandom } from '../lib/demo/random';
import { BOOKINFO_TOPOLOGY } from '../lib/demo/topology';
import { simulateRequest } from '../lib/demo/traffic';
import type { KubeDeployment } from '../lib/kube/types';
import type { VectorSample } from '../lib/promql/types';
import { traceResponseSchema } from '../lib/contracts/traces';
import type { DemoMesh } from '../lib/demo/mesh';
import { visibleRows } from '../lib/trace-view/waterfall';
import { traceHops } from '../lib/traces/istio';
import { buildTraceTree } from '../lib/traces/tree';
import { mapOtlpTraces, otlpTracesSchema } from '../lib/tracing/wire-otlp';
import { startDemoStack } from './lib/demo-stack';
import { percentile } from './lib/measure';
import { validateConfig, type ConfigObject } from '../lib/validations/checks';
import { PROMETHEUS, ensureTools } from './lib/system-deps';

function timeIt(iterations: number, work: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

function benchSimulation(): void {
  const metrics = new IstioMetrics();
  const random = seededRandom(1);
  const count = 20_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1)
    for (const hop of simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate: 0.01 }))
      metrics.record(hop);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `demo simulation        ${Math.round(count / seconds).toLocaleString('en-US')} requests/s (${count} Bookinfo requests, ~6 hops each, both reporters)`,
  );
}

function benchOverview(): void {
  const workloads = 2000;
  const requestSamples: VectorSample[] = [];
  const deployments: KubeDeployment[] = [];
  for (let i = 0; i < workloads; i += 1) {
    const namespace = `ns-${i % 50}`;
    const name = `wl-${i}`;
    deployments.push({
      namespace,
      name,
      labels: {},
      templateLabels: { app: name, version: 'v1' },
      desiredReplicas: 2,
      availableReplicas: 2,
    });
    for (const code of ['200', '404', '503']) {
      requestSamples.push({
        labels: {
          destination_workload_namespace: namespace,
          destination_workload: name,
          response_code: code,
        },
        timestampSec: 0,
        value: 1,
      });
    }
  }
  const times = timeIt(50, () =>
    buildOverview({
      timestamp: 0,
      windowSeconds: 60,
      requestSamples,
      tcpSamples: [],
      deployments,
      warnings: [],
    }),
  );
  console.log(
    `overview build         p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (${workloads} workloads, ${requestSamples.length} samples)`,
  );
}

/** Times `calls` sequential GETs of a route handler; any answer but 200 aborts the benchmark. */
async function timeRoute(
  handler: (request: Request) => Promise<Response>,
  url: string,
  calls: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    const response = await handler(new Request(url));
    const body = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200)
      throw new Error(`${url} answered ${response.status}: ${body.slice(0, 200)}`);
  }
  return times.sort((a, b) => a - b);
}

type Handler = { GET: (request: Request) => Promise<Response> };

async function benchRoutes(): Promise<void> {
  const { prometheus: bin } = ensureTools([PROMETHEUS], { autoInstall: false, log: console.log });
  const stack = await startDemoStack({
    prometheusBin: bin as string,
    mesh: { rate: 10 },
    scrapeIntervalSeconds: 1,
  });
  try {
    // Configuration and clients are read once per process: set the backends before loading routes.
    Object.assign(process.env, {
      PROMETHEUS_URL: stack.prometheus.url,
      KUBE_API_URL: stack.mesh.kubeUrl,
      TRACING_URL: stack.mesh.tracingUrl,
      VIEW_ONLY: 'false',
    });
    const overview = (await import('../app/api/overview/route')) as Handler;
    const graph = (await import('../app/api/graph/route')) as Handler;
    await new Promise((r) => setTimeout(r, 3000));

    const o = await timeRoute(overview.GET, 'http://127.0.0.1/api/overview?window=60s', 200);
    console.log(
      `/api/overview          p50 ${percentile(o, 50).toFixed(1)} ms, p95 ${percentile(o, 95).toFixed(1)} ms, p99 ${percentile(o, 99).toFixed(1)} ms (200 calls: 2 PromQL queries + 1 Kubernetes list, in parallel)`,
    );
    const g = await timeRoute(
      graph.GET,
      'http://127.0.0.1/api/graph?namespaces=bookinfo&duration=60s',
      100,
    );
    const q = graphQueries({
      namespaces: ['bookinfo'],
      windowSeconds: 60,
      tcpRate: 'sent',
      responseTime: '95',
    });
    const count = allQueries(q).length;
    console.log(
      `/api/graph (Bookinfo)  p50 ${percentile(g, 50).toFixed(1)} ms, p95 ${percentile(g, 95).toFixed(1)} ms, p99 ${percentile(g, 99).toFixed(1)} ms (100 calls; ${count} PromQL queries + 1 Kubernetes list per graph, in parallel)`,
    );
    await benchTraceRoutes(stack.mesh);
    await benchRouting();
  } finally {
    await stack.stop();
  }
}

/** Istio's default duration buckets, ms. */
const ISTIO_BUCKETS = [
  0.5,
  1,
  5,
  10,
  25,
  50,
  100,
  250,
  500,
  1000,
  2500,
  5000,
  10000,
  30000,
  60000,
  300000,
  600000,
  1800000,
  3600000,
  Infinity,
];

/**
 * A synthetic mesh shaped like the graph queries' answers: `workloads` workloads in 20
 * namespaces, each calling 4 others over HTTP, as destination reports: requests by response
 * code, the p95 Prometheus computes per series (as the graph asks for it) and response bytes.
 */
function syntheticSamples(workloads: number): Required<GraphSamples> {
  const requests: VectorSample[] = [];
  const p95: VectorSample[] = [];
  const responseBytes: VectorSample[] = [];
  const peer = (i: number) => ({ ns: `ns-${i % 20}`, wl: `svc-${i}-v1`, app: `svc-${i}` });
  for (let i = 0; i < workloads; i += 1) {
    for (const j of [1, 5, 11, 17].map((k, n) => (i * (7 + 6 * n) + k) % workloads)) {
      const s = peer(i);
      const d = peer(j);
      const edge = {
        reporter: 'destination',
        source_cluster: 'Kubernetes',
        source_workload_namespace: s.ns,
        source_workload: s.wl,
        source_canonical_service: s.app,
        source_canonical_revision: 'v1',
        destination_cluster: 'Kubernetes',
        destination_workload_namespace: d.ns,
        destination_workload: d.wl,
        destination_canonical_service: d.app,
        destination_canonical_revision: 'v1',
        destination_service_namespace: d.ns,
        destination_service_name: d.app,
        destination_service: `${d.app}.${d.ns}.svc.cluster.local`,
        request_protocol: 'http',
      };
      for (const [code, value] of [
        ['200', 9.5],
        ['503', 0.5],
      ] as const) {
        requests.push({
          labels: {
            ...edge,
            response_code: code,
            grpc_response_status: '',
            response_flags: code === '200' ? '-' : 'UF',
            connection_security_policy: 'mutual_tls',
          },
          timestampSec: 0,
          value,
        });
      }
      // Latencies around 20–80 ms: the lower buckets empty, the rest cumulative up to 10/s.
      // Prometheus' p95 of the edge's histogram (latencies around 20–80 ms).
      p95.push({ labels: edge, timestampSec: 0, value: 40 + (i % 40) });
      responseBytes.push({ labels: edge, timestampSec: 0, value: 4096 });
    }
  }
  // Fresh objects and strings for every sample, as JSON.parse gives them.
  const fresh = (list: VectorSample[]) => JSON.parse(JSON.stringify(list)) as VectorSample[];
  return {
    requests: fresh(requests),
    tcp: [],
    latency: { p95: fresh(p95), bounds: ISTIO_BUCKETS },
    responseBytes: fresh(responseBytes),
    // A synthetic mesh of HTTP edges: no gRPC messages asked for.
    messages: [],
  };
}

function benchGraphBuild(): void {
  const samples = syntheticSamples(2500);
  const namespaces = Array.from({ length: 20 }, (_, i) => `ns-${i}`);
  // The whole graph of each type, and the versioned-app graph without response times (the
  // page's first drawing: no duration histogram).
  const cases = [
    ['workload', samples],
    ['versionedApp', samples],
    ['service', samples],
    ['versionedApp', { ...samples, latency: undefined }],
  ] as const;
  for (const [graphType, input] of cases) {
    let nodes = 0;
    let edges = 0;
    const times = timeIt(10, () => {
      const graph = buildGraph(
        input,
        { graphType, namespaces, injectServiceNodes: true, responseTime: '95' },
        { timestamp: 0, duration: 60, warnings: [] },
      );
      nodes = graph.elements.nodes.length;
      edges = graph.elements.edges.length;
    });
    const count =
      input.requests.length + (input.latency?.p95.length ?? 0) + input.responseBytes.length;
    const what = input.latency ? 'with a p95 per series' : 'traffic only (latency=false)';
    console.log(
      `graph build ${graphType.padEnd(12)} p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (${count.toLocaleString('en-US')} samples, ${what} → ${nodes} nodes, ${edges} edges)`,
    );
  }
}

/** A synthetic OTLP trace of `count` spans: every span has up to 3 children, 6 services. */
function syntheticOtlpTrace(count: number): string {
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  const start = 1_764_000_000_000_000_000n;
  const spans = Array.from({ length: count }, (_, i) => {
    const depth = Math.floor(Math.log(2 * i + 1) / Math.log(3));
    return {
      traceId: hex(0xabc, 32),
      spanId: hex(i + 1, 16),
      parentSpanId: i === 0 ? '' : hex(Math.floor((i - 1) / 3) + 1, 16),
      name: `op-${i % 40}`,
      kind: 2 + (i % 2),
      startTimeUnixNano: String(start + BigInt(i) * 1000n + BigInt(depth) * 10_000n),
      endTimeUnixNano: String(start + BigInt(i) * 1000n + BigInt(depth) * 10_000n + 500_000n),
      attributes: [
        { key: 'http.status_code', value: { intValue: '200' } },
        {
          key: 'node_id',
          value: {
            stringValue: `sidecar~10.0.0.${i % 250}~svc-${i % 6}-v1-6f89b6c557-sg2bc.ns~ns.svc.cluster.local`,
          },
        },
        {
          key: 'upstream_cluster',
          value: { stringValue: `outbound|80||svc-${(i + 1) % 6}.ns.svc.cluster.local` },
        },
      ],
      status: {},
    };
  });
  return JSON.stringify({
    resourceSpans: Array.from({ length: 6 }, (_, s) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc-${s}.ns` } }] },
      scopeSpans: [{ spans: spans.filter((_, i) => i % 6 === s) }],
    })),
  });
}

function benchTraces(): void {
  const count = 10_000;
  const body = syntheticOtlpTrace(count);
  const map = timeIt(10, () => mapOtlpTraces(otlpTracesSchema.parse(JSON.parse(body))));
  const trace = mapOtlpTraces(otlpTracesSchema.parse(JSON.parse(body)))[0];
  if (!trace) throw new Error('synthetic trace did not map');
  const wire = JSON.stringify({ trace, backend: 'bench' });
  const validate = timeIt(10, () => traceResponseSchema.parse(JSON.parse(wire)));
  const tree = timeIt(10, () => buildTraceTree(trace));
  const built = buildTraceTree(trace);
  const rows = timeIt(50, () => visibleRows(built, new Set([built.rows[1]?.key ?? ''])));
  const hops = timeIt(10, () => traceHops(trace));
  const fmt = (t: number[]) => `p50 ${percentile(t, 50).toFixed(1)} ms`;
  console.log(
    `trace 10k spans        OTLP parse+map ${fmt(map)} (${(body.length / 1e6).toFixed(1)} MB); browser validation ${fmt(validate)}; waterfall tree ${fmt(tree)}; collapse ${fmt(rows)}; hops ${fmt(hops)}`,
  );
}

async function benchTraceRoutes(mesh: DemoMesh): Promise<void> {
  // 2,000 more requests over the last minute, so searches have 500 traces to return.
  const random = seededRandom(3);
  const now = Date.now();
  for (let i = 0; i < 2000; i += 1)
    mesh.traces.record(
      simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate: 0.01 }),
      now - 60_000 + i * 30,
    );
  const services =
    (await import('../app/api/namespaces/[namespace]/services/[service]/traces/route')) as unknown as {
      GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
    };
  const workloads =
    (await import('../app/api/namespaces/[namespace]/workloads/[workload]/traces/route')) as unknown as typeof services;
  const byId = (await import('../app/api/traces/[traceId]/route')) as unknown as typeof services;
  const run = (handler: typeof services, params: Record<string, string>) => (request: Request) =>
    handler.GET(request, { params: Promise.resolve(params) });
  const productpage = { namespace: 'bookinfo', service: 'productpage' };
  const s20 = await timeRoute(run(services, productpage), 'http://x/?start=1&limit=20', 100);
  const s500 = await timeRoute(run(services, productpage), 'http://x/?start=1&limit=500', 30);
  const w20 = await timeRoute(
    run(workloads, { namespace: 'bookinfo', workload: 'reviews-v2' }),
    'http://x/?start=1&limit=20&app=reviews',
    50,
  );
  const list = (await (
    await run(services, productpage)(new Request('http://x/?start=1&limit=1'))
  ).json()) as {
    traces: { traceId: string }[];
  };
  const traceId = list.traces[0]?.traceId ?? '';
  const one = await timeRoute(run(byId, { traceId }), `http://x/api/traces/${traceId}`, 100);
  const fmt = (t: number[]) =>
    `p50 ${percentile(t, 50).toFixed(1)} ms, p95 ${percentile(t, 95).toFixed(1)} ms`;
  console.log(`traces search 20       ${fmt(s20)} (service, api_v3 trace-summaries over the demo)`);
  console.log(`traces search 500      ${fmt(s500)}`);
  console.log(`workload traces 20     ${fmt(w20)} (80 whole traces fetched, filtered by pod)`);
  console.log(`/api/traces/{id}       ${fmt(one)} (8-span trace)`);
}

/** Reading and applying routing over the demo's Kubernetes API (real client over HTTP). */
async function benchRouting(): Promise<void> {
  type RoutingHandler = (
    r: Request,
    c: { params: Promise<Record<string, string>> },
  ) => Promise<Response>;
  const route =
    (await import('../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as {
      GET: RoutingHandler;
      PUT: RoutingHandler;
    };
  const params = { params: Promise.resolve({ namespace: 'bookinfo', service: 'reviews' }) };
  const url = 'http://x/api/namespaces/bookinfo/services/reviews/routing';
  const reads = await timeRoute((request) => route.GET(request, params), url, 100);
  const subsets = ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } }));
  const writes: number[] = [];
  // Each write logs an audit line on stdout; keep the benchmark's output to its figures.
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('{"time"')) log(...args);
  };
  for (let i = 0; i < 50; i += 1) {
    const current = (await (await route.GET(new Request(url), params)).json()) as {
      editing: unknown;
    };
    const body = JSON.stringify({
      base: current.editing,
      spec: {
        http: [
          {
            match: [],
            destinations: [
              { host: 'reviews', subset: 'v1', weight: 100 - i },
              { host: 'reviews', subset: 'v3', weight: i },
            ],
          },
        ],
        subsets,
      },
    });
    const started = performance.now();
    const response = await route.PUT(
      new Request(url, { method: 'PUT', body, headers: { 'content-type': 'application/json' } }),
      params,
    );
    await response.text();
    writes.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`routing PUT answered ${response.status}`);
  }
  console.log = log;
  writes.sort((a, b) => a - b);
  const fmt = (t: number[]) =>
    `p50 ${percentile(t, 50).toFixed(1)} ms, p95 ${percentile(t, 95).toFixed(1)} ms`;
  console.log(
    `routing read           ${fmt(reads)} (5 Kubernetes reads in parallel + model + validations)`,
  );
  console.log(
    `routing apply          ${fmt(writes)} (re-read, plan, dry run, write with resourceVersion, read back)`,
  );
}

/**
 * The checks across Istio objects of a thousand services, each with a VirtualService over
 * three subsets (half naming the host short, half by FQDN) and a DestinationRule: what the
 * graph and routing pages share every 10 s.
 */
function benchValidations(): void {
  const services = Array.from({ length: 1000 }, (_, i) => ({
    namespace: `mesh-${String(i % 50).padStart(2, '0')}`,
    name: `svc-${i}`,
    selector: { app: `svc-${i}` },
  }));
  const versions = ['v1', 'v2', 'v3'];
  const pods = services.flatMap((s) =>
    versions.map((version) => ({ namespace: s.namespace, labels: { app: s.name, version } })),
  );
  const objects: ConfigObject[] = services.flatMap((s, i) => [
    {
      kind: 'DestinationRule',
      namespace: s.namespace,
      name: s.name,
      spec: {
        host: s.name,
        subsets: versions.map((v) => ({ name: v, labels: { version: v } })),
      },
    },
    {
      kind: 'VirtualService',
      namespace: s.namespace,
      name: s.name,
      spec: {
        hosts: [s.name],
        http: [
          {
            route: versions.map((subset) => ({
              destination: {
                host: i % 2 ? s.name : `${s.name}.${s.namespace}.svc.cluster.local`,
                subset,
              },
              weight: 33,
            })),
          },
        ],
      },
    },
  ]);
  const times = timeIt(10, () => validateConfig(objects, { services, pods }));
  console.log(
    `config validations     p50 ${percentile(times, 50).toFixed(1)} ms (2,000 VirtualServices and DestinationRules, 1,000 services, 3,000 pods)`,
  );
}

async function main(): Promise<void> {
  console.log(
    `Meshlens benchmarks on ${process.platform}/${process.arch}, Node ${process.version}\n`,
  );
  // `npm run bench -- graph-build traces` runs only the sections named.
  const only = new Set(process.argv.slice(2));
  const run = (name: string) => only.size === 0 || only.has(name);
  if (run('simulation')) benchSimulation();
  if (run('overview')) benchOverview();
  if (run('graph-build')) benchGraphBuild();
  if (run('traces')) benchTraces();
  if (run('validations')) benchValidations();
  if (run('routes')) await benchRoutes();
}

void main();
