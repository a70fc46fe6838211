/**
 * `npm run bench:backfill`: the traffic graph (`latency=false`, what the page draws first) of
 * a synthetic mesh too large to scrape live on a small machine. A live 3,000-service demo holds
 * 1.2 M series (the duration and size histograms are most of them), its scrapes outgrow a 30 s
 * interval on two cores, and Prometheus passed 15 GB before the first graph was measured.
 * Here the demo's own simulation writes the counters the traffic graph and Kiali's traffic
 * queries read (requests, TCP bytes), which `promtool` backfills at constant rates into a
 * real Prometheus; the demo's Kubernetes API holds the same mesh. Prints figures, asserts
 * nothing. Sizes from BENCH_BACKFILL (default `3000`).
 *
 * For each size: `loadGraph` (the route's work but the HTTP) against its own PromQL sent
 * straight to Prometheus in the same run, the answer's size raw and gzipped, Kiali's traffic
 * queries for the same graph, and in Chromium the page at that moment (`time=`, replay) as it
 * opens: the time to the drawn graph and the longest main-thread task. The histograms are not
 * backfilled, so the page's whole graph comes without response times.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildIsStale, runBuild, standaloneServerArgs } from './lib/build';
import { freePort, startManaged, waitForHttp } from './lib/processes';
import { benchBrowser, longestTaskMs } from './lib/bench-browser';
import type { CounterSeries } from './lib/openmetrics';
import { startBackfilledPrometheus } from './lib/prometheus';
import { kialiNamespaceQueries } from './lib/kiali-queries';
import { mb, median, promQuery, sizesFrom, timed } from './lib/measure';
import { graphParamsSchema } from '../lib/contracts/graph-params';
import { IstioMetrics } from '../lib/demo/istio-metrics';
import { startDemoMesh } from '../lib/demo/mesh';
import { seededRandom } from '../lib/demo/random';
import { syntheticTopology } from '../lib/demo/synthetic';
import type { DemoTopology } from '../lib/demo/topology';
import { simulateRequest } from '../lib/demo/traffic';
import { allQueries, graphQueries } from '../lib/graph/queries';
import { createKubeClient } from '../lib/kube/client';
import { createPrometheusClient } from '../lib/prometheus/client';
import { loadGraph } from '../lib/server/graph';

const root = resolve(__dirname, '..');
const log = (line: string): void => console.log(`[bench:backfill] ${line}`);
const SIZES = sizesFrom(process.env.BENCH_BACKFILL ?? '3000', 10_000);
/** Requests entering the mesh per second, as the demo's synthetic mode sends them. */
const RATE = 2000;
/** Requests simulated: each series' rate is its count over the seconds they stand for. */
const REQUESTS = 200_000;
const STEP_SECONDS = 30;
const WINDOW_SECONDS = 120;
/** The families the traffic graph and Kiali's traffic queries read. */
const FAMILIES = new Set([
  'istio_requests_total',
  'istio_tcp_sent_bytes_total',
  'istio_tcp_received_bytes_total',
]);
const RUNS = 5;

/** `name{a="b",…} value` lines of the exposition, parsed (the demo's values need no unescaping beyond quotes). */
function parseLine(line: string): { name: string; labels: Record<string, string>; value: number } {
  const brace = line.indexOf('{');
  const close = line.lastIndexOf('}');
  const labels: Record<string, string> = {};
  for (const match of line.slice(brace + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
    labels[match[1] as string] = (match[2] as string).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return { name: line.slice(0, brace), labels, value: Number(line.slice(close + 2)) };
}

/** The mesh's counters as constant rates: what `REQUESTS` requests at `RATE` per second left. */
function meshCounters(topology: DemoTopology): { series: CounterSeries[]; namespaces: string[] } {
  const metrics = new IstioMetrics();
  const random = seededRandom(1);
  for (let i = 0; i < REQUESTS; i += 1)
    for (const hop of simulateRequest(topology, random, { errorRate: 0.01 })) metrics.record(hop);
  const seconds = REQUESTS / RATE;
  const series: CounterSeries[] = [];
  metrics.exposeTo((chunk) => {
    for (const line of chunk.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const name = line.slice(0, line.indexOf('{'));
      if (!FAMILIES.has(name)) continue;
      const parsed = parseLine(line);
      series.push({ name, labels: parsed.labels, ratePerSecond: parsed.value / seconds });
    }
  });
  const namespaces = [
    ...new Set(topology.workloads.map((w) => w.namespace).filter((n) => n.startsWith('mesh-'))),
  ].sort();
  return { series, namespaces };
}

async function benchSize(services: number): Promise<void> {
  const started = performance.now();
  const topology = syntheticTopology({ services, namespaces: Math.ceil(services / 20), seed: 1 });
  const { series, namespaces } = meshCounters(topology);
  log(
    `${services} services: ${series.length.toLocaleString('en-US')} series in ${namespaces.length} namespaces simulated in ${((performance.now() - started) / 1000).toFixed(0)} s; backfilling…`,
  );
  const endSec = Math.floor(Date.now() / 1000) - 60;
  const startSec = endSec - 3 * WINDOW_SECONDS;
  const backfillStarted = performance.now();
  const prometheus = await startBackfilledPrometheus(series, {
    startSec,
    endSec,
    stepSeconds: STEP_SECONDS,
  });
  log(`backfilled and started in ${((performance.now() - backfillStarted) / 1000).toFixed(0)} s`);
  const mesh = await startDemoMesh({ topology, rate: 1 });
  try {
    const client = createPrometheusClient({ url: prometheus.url, timeoutMs: 120_000 });
    const kube = createKubeClient({
      access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
      timeoutMs: 60_000,
    });
    const options = {
      namespaces,
      windowSeconds: WINDOW_SECONDS,
      tcpRate: 'sent' as const,
      responseTime: '95' as const,
      latency: false,
    };
    const queries = allQueries(graphQueries(options));
    const direct = (query: string, at: number) => promQuery(prometheus.url, query, at);
    const params = (at: number) =>
      graphParamsSchema.parse({
        namespaces: namespaces.join(','),
        duration: `${WINDOW_SECONDS}s`,
        queryTime: String(at),
        latency: 'false',
      });
    // The first graph reads the Kubernetes API; the next ones draw with that reading.
    const first = await timed(() =>
      loadGraph({ prometheus: client, kube }, params(endSec), { nowSec: endSec }),
    );
    const raw: { ms: number; bytes: number; largest: number }[] = [];
    const loads: number[] = [];
    let body = '';
    for (let run = 0; run < RUNS; run += 1) {
      const at = endSec - 1 - run;
      const sent = await timed(() => Promise.all(queries.map((q) => direct(q, at))));
      raw.push({
        ms: sent.ms,
        bytes: sent.value.reduce((a, b) => a + b, 0),
        largest: Math.max(...sent.value),
      });
      const graph = await timed(() =>
        loadGraph({ prometheus: client, kube }, params(at), { nowSec: at }),
      );
      loads.push(graph.ms);
      body = JSON.stringify(graph.value);
    }
    const answer = JSON.parse(body) as { elements: { nodes: unknown[]; edges: unknown[] } };
    let kiali = 0;
    for (const namespace of namespaces)
      for (const q of kialiNamespaceQueries(namespace, WINDOW_SECONDS).traffic)
        kiali += (await timed(() => direct(q, endSec))).ms;
    const promql = median(raw.map((r) => r.ms));
    const load = median(loads);
    console.log(
      `\n${services} services in ${namespaces.length} namespaces, traffic graph (latency=false), versioned app`,
    );
    console.log(
      `  ${answer.elements.nodes.length} nodes, ${answer.elements.edges.length} edges; answer ${mb(body.length)}, ${mb(gzipSync(body).length)} gzipped`,
    );
    console.log(
      `  loadGraph median ${load.toFixed(0)} ms (first, reading Kubernetes: ${first.ms.toFixed(0)} ms); its ${queries.length} queries straight to Prometheus ${promql.toFixed(0)} ms, ${mb(median(raw.map((r) => r.bytes)))} (largest answer ${mb(Math.max(...raw.map((r) => r.largest)))}); × ${(load / promql).toFixed(2)}`,
    );
    console.log(
      `  Kiali's traffic queries for the same namespaces, in sequence: ${kiali.toFixed(0)} ms (Meshlens ÷ Kiali × ${(load / kiali).toFixed(2)})`,
    );
    const dashboard = await startDashboard(prometheus.url, mesh.kubeUrl);
    try {
      // The page takes the toolbar's durations: 5 minutes, inside the backfilled six.
      const view = `${dashboard.url}/graph?namespaces=${namespaces.join(',')}&duration=5m&time=${endSec}`;
      const page = await measurePage(view);
      console.log(
        `  Chromium, as opened: traffic answer after ${page.answeredMs} ms, drawn after ${page.drawnMs} ms (${page.drawnMs - page.answeredMs} ms after the answer), ${page.nodes} nodes drawn; longest task ${page.longestTaskMs} ms`,
      );
    } finally {
      await dashboard.stop();
    }
  } finally {
    await mesh.stop();
    await prometheus.stop();
  }
}

/**
 * The graph page at a past moment in Chromium, as it opens: navigation to the drawn graph
 * (`data-layout-state="done"`), when the traffic answer came, the nodes drawn, the longest
 * main-thread task.
 */
async function measurePage(url: string) {
  const { browser, page } = await benchBrowser(log);
  try {
    const started = Date.now();
    let answeredMs = 0;
    page.on('response', (r) => {
      if (r.url().includes('/api/graph?') && r.url().includes('latency=false'))
        answeredMs ||= Date.now() - started;
    });
    await page.goto(url);
    const canvas = page.locator('[data-testid="graph-canvas"][data-layout-state="done"]');
    await canvas.waitFor({ timeout: 300_000 });
    const drawnMs = Date.now() - started;
    const nodes = Number(await canvas.getAttribute('data-nodes'));
    return { answeredMs, drawnMs, nodes, longestTaskMs: await longestTaskMs(page) };
  } finally {
    await browser.close();
  }
}

/** The production dashboard on the backfilled Prometheus and the demo's Kubernetes API. */
async function startDashboard(prometheusUrl: string, kubeUrl: string) {
  if (buildIsStale(root)) runBuild(root);
  const port = await freePort();
  const dashboard = startManaged(process.execPath, standaloneServerArgs(root), {
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      PROMETHEUS_URL: prometheusUrl,
      PROMETHEUS_TIMEOUT_MS: '120000',
      KUBE_API_URL: kubeUrl,
      KUBECONFIG: undefined,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/healthz`, 30_000, dashboard.child);
  return { url, stop: dashboard.stop };
}

async function main(): Promise<void> {
  for (const size of SIZES) await benchSize(size);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
