/**
 * `npm run bench:scale`: Meshlens on large synthetic meshes (the demo's `DEMO_SERVICES`),
 * scraped by a real Prometheus. Prints figures, asserts nothing; writes them to
 * `docs/bench/scale.json` too. Sizes from BENCH_SCALE (default `100,1000`).
 *
 * For each size: every graph type's `/api/graph` against its own PromQL sent straight to
 * Prometheus in the same run (the ratio is our overhead), Prometheus requests per graph,
 * answer size raw and gzipped, Kiali's query set for the same graph, 1 against 50 concurrent
 * viewers, the server's RSS, and in Chromium the time to a drawn graph and the longest task.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { allQueries, graphQueries } from '../lib/graph/queries';
import { kialiNamespaceQueries } from './lib/kiali-queries';
import {
  dashboardMb,
  dashboardMetric,
  mb,
  median,
  percentile,
  promQuery,
  sizesFrom,
  timed,
} from './lib/measure';
import { freePort, startDemo } from './lib/processes';
import { benchBrowser, longestTaskMs } from './lib/bench-browser';

const root = resolve(__dirname, '..');
const log = (line: string): void => console.log(`[bench:scale] ${line}`);
const SIZES = sizesFrom(process.env.BENCH_SCALE ?? '100,1000', 5000);
/**
 * How often Prometheus scrapes a mesh of this size, and the graph window that holds at least
 * four scrapes: past 1,500 services one scrape of every namespace takes longer than 10 s here.
 */
const scrapeSecondsFor = (services: number): number => (services > 1500 ? 30 : 10);
const windowSecondsFor = (services: number): number => Math.max(60, 4 * scrapeSecondsFor(services));
/** Above this many services the benchmark draws the graph as opened only, not every node. */
const UNFOLDED_MAX = Number(process.env.BENCH_UNFOLDED_MAX ?? 2000);
const GRAPH_TYPES = ['versionedApp', 'workload'] as const;

const p95 = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    95,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const prometheusCalls = (base: string) =>
  dashboardMetric(
    base,
    'meshlens_upstream_request_duration_seconds_count',
    'upstream="prometheus"',
  );

interface GraphFigures {
  graphType: string;
  nodes: number;
  edges: number;
  apiMs: number;
  promqlMs: number;
  promqlBytes: number;
  /** The largest single Prometheus answer of the graph's queries (target: under 2 MB). */
  largestPromqlBytes: number;
  prometheusRequests: number;
  bytes: number;
  gzipBytes: number;
  /** The graph without response times (`latency=false`): what the page draws first. */
  trafficApiMs: number;
  trafficPromqlMs: number;
  trafficPromqlBytes: number;
  trafficPrometheusRequests: number;
}

interface ApiRun {
  ms: number;
  bytes: number;
  gzip: number;
  requests: number;
  body: string;
}

async function apiGraph(base: string, query: URLSearchParams): Promise<ApiRun> {
  const before = await prometheusCalls(base);
  const answer = await timed(async () => {
    const response = await fetch(`${base}/api/graph?${query}`);
    const body = await response.text();
    if (!response.ok) throw new Error(`/api/graph ${response.status}: ${body.slice(0, 200)}`);
    return body;
  });
  return {
    ms: answer.ms,
    bytes: answer.value.length,
    gzip: gzipSync(answer.value).length,
    requests: (await prometheusCalls(base)) - before,
    body: answer.value,
  };
}

async function direct(prometheusUrl: string, queries: string[], at: number) {
  const sent = await timed(() => Promise.all(queries.map((q) => promQuery(prometheusUrl, q, at))));
  return {
    ms: sent.ms,
    bytes: sent.value.reduce((a, b) => a + b, 0),
    largest: Math.max(0, ...sent.value),
  };
}

async function measureGraph(
  base: string,
  prometheusUrl: string,
  namespaces: string[],
  graphType: (typeof GRAPH_TYPES)[number],
  time: number,
  windowSeconds: number,
): Promise<GraphFigures> {
  // The graph types ask the same PromQL: each its own moments, so none borrows another's.
  const offset = GRAPH_TYPES.indexOf(graphType) * 3;
  const options = {
    namespaces,
    windowSeconds,
    tcpRate: 'sent' as const,
    responseTime: '95' as const,
  };
  const queries = graphQueries(options);
  const trafficQueries = graphQueries({ ...options, latency: false });
  const listed = allQueries;
  const api: ApiRun[] = [];
  const raw: { ms: number; bytes: number; largest: number }[] = [];
  const trafficApi: ApiRun[] = [];
  const trafficRaw: { ms: number; bytes: number; largest: number }[] = [];
  for (let run = 0; run < 3; run += 1) {
    // A different moment for each measurement: nothing is shared or kept between them.
    const at = time - run * 7 - offset;
    const query = (when: number, latency: boolean) =>
      new URLSearchParams({
        namespaces: namespaces.join(','),
        graphType,
        duration: `${windowSeconds}s`,
        queryTime: String(when),
        ...(latency ? {} : { latency: 'false' }),
      });
    raw.push(await direct(prometheusUrl, listed(queries), at));
    api.push(await apiGraph(base, query(at, true)));
    trafficRaw.push(await direct(prometheusUrl, listed(trafficQueries), at - 1));
    trafficApi.push(await apiGraph(base, query(at - 1, false)));
  }
  const graph = JSON.parse(api[0]?.body ?? '{}') as {
    elements: { nodes: unknown[]; edges: unknown[] };
  };
  return {
    graphType,
    nodes: graph.elements.nodes.length,
    edges: graph.elements.edges.length,
    apiMs: median(api.map((a) => a.ms)),
    promqlMs: median(raw.map((r) => r.ms)),
    promqlBytes: median(raw.map((r) => r.bytes)),
    largestPromqlBytes: Math.max(...raw.map((r) => r.largest)),
    prometheusRequests: median(api.map((a) => a.requests)),
    bytes: median(api.map((a) => a.bytes)),
    gzipBytes: median(api.map((a) => a.gzip)),
    trafficApiMs: median(trafficApi.map((a) => a.ms)),
    trafficPromqlMs: median(trafficRaw.map((r) => r.ms)),
    trafficPromqlBytes: median(trafficRaw.map((r) => r.bytes)),
    trafficPrometheusRequests: median(trafficApi.map((a) => a.requests)),
  };
}

async function measureKiali(
  prometheusUrl: string,
  namespaces: string[],
  time: number,
  windowSeconds: number,
) {
  let traffic = 0;
  let all = 0;
  for (const namespace of namespaces) {
    const { traffic: t, appenders } = kialiNamespaceQueries(namespace, windowSeconds);
    for (const q of t) {
      const { ms } = await timed(() => promQuery(prometheusUrl, q, time));
      traffic += ms;
      all += ms;
    }
    for (const q of appenders) all += (await timed(() => promQuery(prometheusUrl, q, time))).ms;
  }
  return { trafficMs: traffic, allMs: all };
}

async function measureViewers(
  base: string,
  namespaces: string[],
  viewers: number,
  windowSeconds: number,
) {
  // Past the sharing window of anything asked before.
  await sleep(2_000);
  const before = await prometheusCalls(base);
  const query = `namespaces=${namespaces.join(',')}&duration=${windowSeconds}s`;
  const times = await Promise.all(
    Array.from({ length: viewers }, () =>
      timed(async () => {
        const response = await fetch(`${base}/api/graph?${query}`);
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  return {
    viewers,
    prometheusRequests: (await prometheusCalls(base)) - before,
    p95Ms: p95(times.map((t) => t.ms)),
    statuses: [...new Set(times.map((t) => t.value))],
  };
}

/** Frames drawn per second while the mouse drags the canvas for two seconds. */
async function panFps(page: Page): Promise<number> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) return 0;
  // A string, not a function: tsx would wrap the function's inner arrow in a helper the page
  // does not have.
  await page.evaluate(`(() => {
    const state = { frames: 0, running: true };
    window.benchFrames = state;
    const tick = () => {
      state.frames += 1;
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const started = Date.now();
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 0; Date.now() - started < 2_000; step += 1)
    await page.mouse.move(x + 200 * Math.sin(step / 10), y + 120 * Math.cos(step / 10));
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const state = (window as unknown as { benchFrames: { frames: number; running: boolean } })
      .benchFrames;
    state.running = false;
    return state.frames;
  });
  return Math.round((frames * 1000) / (Date.now() - started));
}

const canvasData = (page: Page, name: string) =>
  page.getByTestId('graph-canvas').getAttribute(`data-${name}`);

/**
 * One graph view in Chromium: time to the drawn graph (the traffic first, then the response
 * times), the longest main-thread task meanwhile, then a refresh that changes no element (its
 * main-thread time from Chromium's own task accounting, and the nodes it moved) and panning.
 * (A live refresh may add or drop a quiet call; that alone does not lay the graph out again.)
 */
async function measureView(page: Page, url: string) {
  const started = Date.now();
  // The page asks for the traffic first (latency=false) and the whole graph beside it.
  let answeredMs = 0;
  let latencyMs = 0;
  const onResponse = (r: { url: () => string }) => {
    if (!r.url().includes('/api/graph?')) return;
    if (r.url().includes('latency=false')) answeredMs ||= Date.now() - started;
    else latencyMs ||= Date.now() - started;
  };
  page.on('response', onResponse);
  await page.goto(url);
  await page.waitForSelector('[data-testid="graph-canvas"][data-layout-state="done"]', {
    timeout: 300_000,
  });
  const drawnMs = Date.now() - started;
  await page.waitForFunction(
    () => !document.body.textContent?.includes('Response times loading'),
    undefined,
    { timeout: 300_000 },
  );
  page.off('response', onResponse);
  const drawnNodes = Number(await canvasData(page, 'nodes'));
  const where = await canvasData(page, 'layout-where');
  const longestTask = await longestTaskMs(page);

  // The next live refresh: new rates, and now and then a call that came or went.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
      ?.value ?? 0;
  const runsBefore = await canvasData(page, 'layout-runs');
  const updated = await page.getByTestId('toolbar-status').textContent();
  const before = await taskSeconds();
  await page.waitForFunction(
    (text) => {
      const now = document.querySelector('[data-testid="toolbar-status"]')?.textContent ?? '';
      return now.startsWith('Updated') && now !== text;
    },
    updated,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(500);
  const refreshMainThreadMs = Math.round(((await taskSeconds()) - before) * 1000);
  const refreshLongestTaskMs = await longestTaskMs(page);
  const refreshMoved = Number(await canvasData(page, 'nodes-moved'));
  const relaidOut = (await canvasData(page, 'layout-runs')) !== runsBefore;
  await cdp.detach();
  return {
    answeredMs: answeredMs || latencyMs,
    latencyMs,
    drawnMs,
    afterAnswerMs: drawnMs - (answeredMs || latencyMs),
    drawnNodes,
    layoutWhere: where,
    longestTaskMs: longestTask,
    refreshMainThreadMs,
    refreshLongestTaskMs,
    refreshMoved,
    relaidOut,
    panFps: await panFps(page),
  };
}

async function measureBrowser(
  base: string,
  namespaces: string[],
  windowSeconds: number,
  everyNode: boolean,
) {
  const { browser, page } = await benchBrowser(log);
  try {
    // The page takes the toolbar's durations: the smallest that holds the window.
    const duration = windowSeconds <= 60 ? '1m' : '5m';
    const view = `${base}/graph?namespaces=${namespaces.join(',')}&duration=${duration}&refresh=10`;
    const opened = await measureView(page, view);
    if (!everyNode) return { opened };
    // Every node, as "Show every node" draws it (one namespace at a time, in the worker).
    const unfolded = await measureView(page, `${view}&fold=none`);
    return { opened, unfolded };
  } finally {
    await browser.close();
  }
}

async function benchSize(services: number) {
  const scrapeSeconds = scrapeSecondsFor(services);
  const windowSeconds = windowSecondsFor(services);
  const prometheusPort = await freePort();
  const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  const demo = await startDemo(root, log, {
    DEMO_SERVICES: String(services),
    DEMO_PROMETHEUS_PORT: String(prometheusPort),
    DEMO_SCRAPE_INTERVAL: String(scrapeSeconds),
    PROMETHEUS_TIMEOUT_MS: '120000',
  });
  try {
    // A full window of history, and two more scrapes.
    log(`${services} services: waiting for ${windowSeconds} s of history…`);
    await sleep((windowSeconds + scrapeSeconds * 2 + 5) * 1000);
    const listed = (await (await fetch(`${demo.url}/api/namespaces`)).json()) as {
      namespaces: { name: string; hasTraffic: boolean }[];
    };
    const namespaces = listed.namespaces
      .filter((n) => n.hasTraffic && n.name.startsWith('mesh-'))
      .map((n) => n.name);
    const time = Math.floor(Date.now() / 1000) - scrapeSeconds;
    // (Moments a few seconds apart: their windows all lie inside the history.)
    const graphs: GraphFigures[] = [];
    for (const graphType of GRAPH_TYPES)
      graphs.push(
        await measureGraph(demo.url, prometheusUrl, namespaces, graphType, time, windowSeconds),
      );
    const kiali = await measureKiali(prometheusUrl, namespaces, time, windowSeconds);
    const one = await measureViewers(demo.url, namespaces, 1, windowSeconds);
    const fifty = await measureViewers(demo.url, namespaces, 50, windowSeconds);
    const rssMb = await dashboardMb(demo.url, 'meshlens_process_resident_memory_bytes');
    const browserFigures = await measureBrowser(
      demo.url,
      namespaces,
      windowSeconds,
      services <= UNFOLDED_MAX,
    );
    return {
      services,
      namespaces: namespaces.length,
      graphs,
      kiali,
      one,
      fifty,
      rssMb,
      browser: browserFigures,
    };
  } finally {
    await demo.stop();
  }
}

type SizeResult = Awaited<ReturnType<typeof benchSize>> & { date?: string };

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    const r = await benchSize(size);
    results.push(r);
    console.log(`\n${r.services} services in ${r.namespaces} namespaces`);
    for (const g of r.graphs)
      console.log(
        `  ${g.graphType.padEnd(12)} ${g.nodes} nodes, ${g.edges} edges: /api/graph ${g.apiMs.toFixed(0)} ms; its PromQL straight to Prometheus ${g.promqlMs.toFixed(0)} ms, ${mb(g.promqlBytes)} (largest answer ${mb(g.largestPromqlBytes)}) (× ${(g.apiMs / g.promqlMs).toFixed(2)}); ${g.prometheusRequests} Prometheus requests; answer ${mb(g.bytes)}, ${mb(g.gzipBytes)} gzipped\n` +
          `  ${''.padEnd(12)} traffic first (latency=false): ${g.trafficApiMs.toFixed(0)} ms; its PromQL ${g.trafficPromqlMs.toFixed(0)} ms, ${mb(g.trafficPromqlBytes)} (× ${(g.trafficApiMs / g.trafficPromqlMs).toFixed(2)}); ${g.trafficPrometheusRequests} Prometheus requests`,
      );
    console.log(
      `  Kiali's queries   traffic ${r.kiali.trafficMs.toFixed(0)} ms, all ${r.kiali.allMs.toFixed(0)} ms (Meshlens versionedApp / Kiali all: whole graph × ${((r.graphs[0]?.apiMs ?? NaN) / r.kiali.allMs).toFixed(2)}, traffic first × ${((r.graphs[0]?.trafficApiMs ?? NaN) / r.kiali.allMs).toFixed(2)})`,
    );
    console.log(
      `  viewers           1: ${r.one.prometheusRequests} Prometheus requests, p95 ${r.one.p95Ms.toFixed(0)} ms; 50 at once: ${r.fifty.prometheusRequests} requests, p95 ${r.fifty.p95Ms.toFixed(0)} ms, statuses ${r.fifty.statuses.join(',')}`,
    );
    console.log(`  server RSS        ${r.rssMb} MB`);
    for (const [name, b] of Object.entries(r.browser))
      console.log(
        `  Chromium ${name.padEnd(9)} traffic answer after ${b.answeredMs} ms, drawn after ${b.drawnMs} ms (${b.afterAnswerMs} ms after the answer; layout in the ${b.layoutWhere}), ${b.drawnNodes} nodes; response times after ${b.latencyMs} ms; longest task ${b.longestTaskMs} ms\n` +
          `  ${''.padEnd(18)} the next live refresh: ${b.refreshMainThreadMs} ms of main thread, longest task ${b.refreshLongestTaskMs} ms, ${b.refreshMoved} nodes moved${b.relaidOut ? ', laid out again' : ''}; panning ${b.panFps} fps`,
      );
  }
  const dir = join(root, 'docs/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'scale.json');
  // The sizes measured now replace their earlier figures; the other sizes' stay, dated.
  const date = new Date().toISOString();
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { date?: string; results?: SizeResult[] })
    : {};
  const earlier = (previous.results ?? []).map((r) => ({ ...r, date: r.date ?? previous.date }));
  const measured = new Set(results.map((r) => r.services));
  const merged = [
    ...earlier.filter((r) => !measured.has(r.services)),
    ...results.map((r) => ({ date, ...r })),
  ].sort((a, b) => a.services - b.services);
  writeFileSync(file, `${JSON.stringify({ node: process.version, results: merged }, null, 2)}\n`);
  log('written to docs/bench/scale.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
