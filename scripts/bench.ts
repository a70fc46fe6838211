/**
 * `npm run bench`: prints figures, asserts nothing. Record results in docs/PERFORMANCE.md.
 *
 * 1. Demo mesh: simulated requests per second, including Istio metric recording.
 * 2. Overview builder: time to join 2,000 workloads' samples with their Deployments.
 * 3. /api/overview over a real Prometheus and the demo Kubernetes API: latency percentiles.
 */
import { buildOverview } from '../lib/overview/build-overview';
import { IstioMetrics } from '../lib/demo/istio-metrics';
import { seededRandom } from '../lib/demo/random';
import { BOOKINFO_TOPOLOGY } from '../lib/demo/topology';
import { simulateRequest } from '../lib/demo/traffic';
import type { KubeDeployment } from '../lib/kube/types';
import type { VectorSample } from '../lib/prometheus/types';
import { startDemoStack } from './lib/demo-stack';
import { PROMETHEUS, ensureTools } from './lib/system-deps';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

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

async function benchOverviewRoute(): Promise<void> {
  const { prometheus: bin } = ensureTools([PROMETHEUS], { autoInstall: false, log: console.log });
  const stack = await startDemoStack({
    prometheusBin: bin as string,
    mesh: { rate: 10 },
    scrapeIntervalSeconds: 1,
  });
  try {
    Object.assign(process.env, {
      PROMETHEUS_URL: stack.prometheus.url,
      KUBE_API_URL: stack.mesh.kubeUrl,
    });
    const { GET } = (await import('../app/api/overview/route')) as {
      GET: (request: Request) => Promise<Response>;
    };
    await new Promise((r) => setTimeout(r, 3000));
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const started = performance.now();
      const response = await GET(new Request('http://127.0.0.1/api/overview?window=60s'));
      await response.json();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `/api/overview          p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (200 calls: 2 PromQL queries + 1 Kubernetes list, in parallel)`,
    );
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `Meshlens benchmarks on ${process.platform}/${process.arch}, Node ${process.version}\n`,
  );
  benchSimulation();
  benchOverview();
  await benchOverviewRoute();
}

void main();
