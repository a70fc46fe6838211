/**
 * `npm run soak`: a bounded loopback soak of the demo. N viewers poll the graph every 2 s as
 * the graph page does, and every tenth poll also searches traces and reads a service's
 * routing. Prints requests, status counts, latency percentiles, upstream calls per request and
 * the dashboard's RSS at warm-up, peak and after a rest. Figures go to docs/PERFORMANCE.md.
 *
 *   npm run soak                                  50 viewers for 5 minutes
 *   SOAK_VIEWERS=10 SOAK_SECONDS=60 npm run soak  a quick one
 */
import { resolve } from 'node:path';
import { dashboardMb, dashboardMetric, percentile } from './lib/measure';
import { startDemo } from './lib/processes';

const root = resolve(__dirname, '..');
const VIEWERS = Number(process.env.SOAK_VIEWERS ?? 50);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const POLL_MS = 2_000;
const log = (line: string): void => console.log(`[soak] ${line}`);

interface Sample {
  route: string;
  status: number;
  ms: number;
}

const rssMb = (base: string) => dashboardMb(base, 'meshlens_process_resident_memory_bytes');
const heapMb = (base: string) => dashboardMb(base, 'meshlens_nodejs_heap_size_used_bytes');

async function viewer(
  base: string,
  until: number,
  samples: Sample[],
  index: number,
): Promise<void> {
  // Spread the viewers over the first poll interval, as real tabs would be.
  await new Promise((r) => setTimeout(r, (index * POLL_MS) / VIEWERS));
  for (let poll = 0; Date.now() < until; poll += 1) {
    const requests: [string, string][] = [
      ['graph', '/api/graph?namespaces=bookinfo,istio-system&graphType=versionedApp&duration=1m'],
    ];
    if (poll % 10 === index % 10) {
      requests.push(['traces', '/api/namespaces/bookinfo/services/reviews/traces?limit=20']);
      requests.push(['routing', '/api/namespaces/bookinfo/services/reviews/routing']);
    }
    const started = Date.now();
    await Promise.all(
      requests.map(async ([route, path]) => {
        const t0 = performance.now();
        let status = 0;
        try {
          const response = await fetch(`${base}${path}`);
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
        samples.push({ route, status, ms: performance.now() - t0 });
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, POLL_MS - (Date.now() - started))));
  }
}

async function main(): Promise<void> {
  const demo = await startDemo(root, log);
  const base = demo.url;
  try {
    // Warm-up: let Prometheus scrape and every route compile and run once.
    await new Promise((r) => setTimeout(r, 15_000));
    await Promise.all(
      ['/api/graph?namespaces=bookinfo', '/api/namespaces/bookinfo/services/reviews/routing'].map(
        (p) => fetch(`${base}${p}`).then((r) => r.arrayBuffer()),
      ),
    );
    const warmRss = await rssMb(base);
    const warmHeap = await heapMb(base);
    const callsBefore = await dashboardMetric(
      base,
      'meshlens_upstream_request_duration_seconds_count',
    );
    log(`${VIEWERS} viewers for ${SECONDS} s (RSS after warm-up ${warmRss} MB)…`);

    const samples: Sample[] = [];
    const until = Date.now() + SECONDS * 1000;
    let peakRss = warmRss;
    const watch = setInterval(() => {
      void rssMb(base).then((mb) => (peakRss = Math.max(peakRss, mb)));
    }, 5_000);
    await Promise.all(Array.from({ length: VIEWERS }, (_, i) => viewer(base, until, samples, i)));
    clearInterval(watch);
    const calls =
      (await dashboardMetric(base, 'meshlens_upstream_request_duration_seconds_count')) -
      callsBefore;
    // A rest, then the memory it kept.
    await new Promise((r) => setTimeout(r, 30_000));
    const restRss = await rssMb(base);
    const restHeap = await heapMb(base);

    const statuses = new Map<string, number>();
    for (const s of samples) {
      const key = `${s.route} ${s.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    console.log('\nSoak results');
    console.log(`  viewers ${VIEWERS}, ${SECONDS} s, ${samples.length} requests`);
    for (const [key, count] of [...statuses].sort()) console.log(`  ${key.padEnd(14)} ${count}`);
    for (const route of ['graph', 'traces', 'routing']) {
      const ms = samples
        .filter((s) => s.route === route && s.status === 200)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      console.log(
        `  ${route.padEnd(8)} p50 ${percentile(ms, 50).toFixed(0)} ms · p95 ${percentile(ms, 95).toFixed(0)} ms · p99 ${percentile(ms, 99).toFixed(0)} ms`,
      );
    }
    console.log(`  upstream calls per request ${(calls / Math.max(1, samples.length)).toFixed(2)}`);
    console.log(
      `  RSS warm-up ${warmRss} MB · peak ${peakRss} MB · after a 30 s rest ${restRss} MB (${restRss <= warmRss * 1.2 ? 'within' : 'NOT within'} 20 % of warm-up)`,
    );
    console.log(`  JS heap used: warm-up ${warmHeap} MB · after the rest ${restHeap} MB`);
    const errors = samples.filter((s) => s.status >= 500 && s.status !== 503).length;
    console.log(`  5xx other than 503 shedding: ${errors}`);
    if (errors > 0) process.exitCode = 1;
  } finally {
    await demo.stop();
  }
}

void main();
