/**
 * `npm run demo`: the embedded Bookinfo mesh, a real Prometheus scraping it, and the
 * production dashboard wired to both. Prints the dashboard URL once everything answers and
 * stops every child on Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, parseConfig } from '../lib/config/env';
import { parseDemoConfig } from '../lib/demo/config';
import { DEFAULT_DEMO_AUTH } from '../lib/demo/kube/auth';
import { syntheticTopology } from '../lib/demo/synthetic';
import { demoKubeconfig } from '../lib/demo/kubeconfig';
import {
  AMBIENT_NAMESPACE,
  BOOKINFO_TOPOLOGY,
  DEMO_CLUSTERS,
  withAmbientTravel,
  withTwoClusters,
} from '../lib/demo/topology';
import { buildIsStale, runBuild, standaloneServerArgs } from './lib/build';
import { assertPortFree, startManaged, waitForHttp, type Managed } from './lib/processes';
import { METRICS_STORE_LABEL, startDemoStack, type DemoStack } from './lib/demo-stack';
import { PROMETHEUS, VICTORIA_METRICS, ensureTools } from './lib/system-deps';

/** From this many services the demo gives Prometheus more time (see below). */
const LARGE_MESH_SERVICES = 500;

const root = resolve(__dirname, '..');
const log = (line: string): void => console.log(`[demo] ${line}`);

async function main(): Promise<void> {
  const demo = parseDemoConfig(process.env);
  // The demo's own tracing API unless TRACING_URL names another one (your Jaeger, or in the
  // failure tests a port where nothing listens).
  const externalTracing = parseConfig(process.env).tracing.url;
  const app = parseConfig({
    ...process.env,
    PROMETHEUS_URL: undefined,
    KUBE_API_URL: undefined,
    TRACING_URL: undefined,
  });
  const store = demo.DEMO_METRICS_STORE;
  const storeTool = store === 'victoria-metrics' ? VICTORIA_METRICS : PROMETHEUS;
  const storeName = METRICS_STORE_LABEL[store];
  const prometheusBin =
    ensureTools([storeTool], { autoInstall: true, log })[storeTool.bin] ?? storeTool.bin;
  await assertPortFree(app.port, 'PORT, the dashboard');

  let backends: DemoStack | undefined;
  let dashboard: Managed | undefined;
  // One stop, however many signals: Ctrl-C reaches this process both from the terminal and
  // through bootstrap.mjs, and a second signal must wait for Prometheus to stop, not orphan it.
  let stopped: Promise<never> | undefined;
  const stopAll = (code: number): Promise<never> =>
    (stopped ??= (async () => {
      await dashboard?.stop();
      await backends?.stop();
      process.exit(code);
    })());
  process.on('SIGINT', () => void stopAll(0).then(() => undefined));
  process.on('SIGTERM', () => void stopAll(0).then(() => undefined));

  try {
    if (buildIsStale(root)) {
      log('Building the dashboard (first run or sources changed)…');
      runBuild(root);
    }

    const bookinfo = demo.DEMO_AMBIENT ? withAmbientTravel(BOOKINFO_TOPOLOGY) : BOOKINFO_TOPOLOGY;
    const topology =
      demo.DEMO_SERVICES > 0
        ? syntheticTopology({
            services: demo.DEMO_SERVICES,
            namespaces: demo.DEMO_NAMESPACES,
            seed: demo.DEMO_SEED,
          })
        : demo.DEMO_CLUSTERS > 1
          ? withTwoClusters(bookinfo)
          : bookinfo;
    const meshName = [
      demo.DEMO_SERVICES > 0
        ? `a synthetic mesh of ${demo.DEMO_SERVICES} services in ${demo.DEMO_NAMESPACES} namespaces (seed ${demo.DEMO_SEED})`
        : demo.DEMO_AMBIENT
          ? `Bookinfo, and the ambient namespace ${AMBIENT_NAMESPACE} behind a waypoint`
          : 'Bookinfo',
      demo.DEMO_CLUSTERS > 1 ? ` over two clusters (${DEMO_CLUSTERS.join(', ')})` : '',
    ].join('');
    backends = await startDemoStack({
      prometheusBin,
      store,
      mesh: {
        rate: demo.DEMO_RATE,
        errorRate: demo.DEMO_ERROR_RATE,
        metricsPort: demo.DEMO_METRICS_PORT,
        kubePort: demo.DEMO_KUBE_PORT,
        tracingPort: demo.DEMO_TRACING_PORT,
        traceSampling: demo.DEMO_TRACE_SAMPLING,
        traceCapacity: demo.DEMO_TRACE_LIMIT,
        auth: demo.DEMO_AUTH ? DEFAULT_DEMO_AUTH : undefined,
        topology,
      },
      prometheusPort: demo.DEMO_PROMETHEUS_PORT || undefined,
      scrapeIntervalSeconds: demo.DEMO_SCRAPE_INTERVAL,
      echo: (line) => console.error(`[${store}] ${line}`),
    });
    const { mesh, prometheus } = backends;
    const kubeToken = demo.DEMO_AUTH
      ? process.env.KUBE_TOKEN?.trim() || 'demo-editor-token'
      : undefined;
    // Several clusters: a kubeconfig with a context per cluster, as a real multi-cluster setup.
    let kubeconfig: string | undefined;
    if (mesh.clusters.length > 0) {
      const dir = mkdtempSync(join(tmpdir(), 'meshlens-demo-kube-'));
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, demoKubeconfig(mesh.clusters, kubeToken), { mode: 0o600 });
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    log(
      `Demo mesh: ${meshName} at ${demo.DEMO_RATE} req/s, metrics ${mesh.metricsUrl}, ${
        mesh.clusters.length
          ? `Kubernetes APIs ${mesh.clusters.map((c) => `${c.name} ${c.kubeUrl}`).join(', ')} (kubeconfig ${kubeconfig})`
          : `Kubernetes API ${mesh.kubeUrl}`
      }`,
    );
    log(
      `Tracing: Jaeger query API at ${mesh.tracingUrl} (api_v3 and v1), ${Math.round(demo.DEMO_TRACE_SAMPLING * 100)}% of requests sampled, newest ${demo.DEMO_TRACE_LIMIT} kept`,
    );
    if (externalTracing) log(`The dashboard reads traces from TRACING_URL=${externalTracing}`);
    if (demo.DEMO_AUTH)
      log(
        `Kubernetes API requires bearer tokens: ${Object.entries(DEFAULT_DEMO_AUTH.tokens)
          .map(([token, user]) => `${user.name}=${token}`)
          .join(', ')}; the dashboard uses KUBE_TOKEN (default: the editor's)`,
      );
    log(
      `${storeName}: ${prometheus.url} (scraping every ${demo.DEMO_SCRAPE_INTERVAL}s, data in ${prometheus.dataDir})`,
    );

    // A large synthetic mesh's Prometheus shares this machine with the simulation that feeds it
    // (400,000 series a scrape at 1,000 services): give its answers 30 s, not 10, unless told.
    const prometheusTimeout =
      process.env.PROMETHEUS_TIMEOUT_MS?.trim() ||
      (demo.DEMO_SERVICES >= LARGE_MESH_SERVICES ? '30000' : undefined);
    if (prometheusTimeout && !process.env.PROMETHEUS_TIMEOUT_MS)
      log(`Prometheus timeout ${prometheusTimeout} ms (a large mesh on one machine)`);
    dashboard = startManaged(process.execPath, standaloneServerArgs(root), {
      env: {
        ...process.env,
        PORT: String(app.port),
        HOSTNAME: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
        PROMETHEUS_URL: prometheus.url,
        PROMETHEUS_TIMEOUT_MS: prometheusTimeout,
        ...(kubeconfig
          ? {
              KUBE_API_URL: undefined,
              KUBECONFIG: kubeconfig,
              KUBE_CLUSTERS: mesh.clusters.map((c) => c.name).join(','),
            }
          : { KUBE_API_URL: mesh.kubeUrl, KUBECONFIG: undefined }),
        TRACING_URL: externalTracing ?? mesh.tracingUrl,
        KUBE_TOKEN: kubeToken,
        // The demo exists to be edited: routing writes are on unless VIEW_ONLY says otherwise.
        VIEW_ONLY: process.env.VIEW_ONLY?.trim() || 'false',
      },
      echo: (line) => console.log(`[dashboard] ${line}`),
    });
    const dashboardUrl = `http://127.0.0.1:${app.port}${app.basePath}`;
    await waitForHttp(`${dashboardUrl}/api/healthz`, 30_000, dashboard.child);
    dashboard.child.once('exit', (code) => {
      if (!stopped) {
        console.error(`[demo] the dashboard exited (code ${code}); stopping.`);
        void stopAll(1);
      }
    });

    console.log('');
    console.log(`  Meshlens demo is ready: ${dashboardUrl}`);
    console.log(
      kubeconfig
        ? `  Try kubectl: kubectl --kubeconfig ${kubeconfig} --context ${mesh.clusters[1]?.name} get deployments -A`
        : `  Try kubectl: kubectl --server ${mesh.kubeUrl} get virtualservices -A`,
    );
    console.log('  Press Ctrl-C to stop.');
    console.log('');
  } catch (error) {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? `meshlens demo: ${error.message}`
      : `[demo] ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
