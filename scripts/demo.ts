/**
 * `npm run demo`: the embedded Bookinfo mesh, a real Prometheus scraping it, and the
 * production dashboard wired to both. Prints the dashboard URL once everything answers and
 * stops every child on Ctrl-C.
 */
import { join, resolve } from 'node:path';
import { ConfigError, parseConfig } from '../lib/config';
import { parseDemoConfig } from '../lib/demo/config';
import { startDemoMesh, type DemoMesh } from '../lib/demo/mesh';
import { buildIsStale, runBuild } from './lib/build';
import { assertPortFree, startManaged, waitForHttp, type Managed } from './lib/processes';
import { startPrometheus, type PrometheusProcess } from './lib/prometheus';
import { PROMETHEUS, ensureTools } from './lib/system-deps';

const root = resolve(__dirname, '..');
const log = (line: string): void => console.log(`[demo] ${line}`);

async function main(): Promise<void> {
  const demo = parseDemoConfig(process.env);
  const app = parseConfig({ ...process.env, PROMETHEUS_URL: undefined, KUBE_API_URL: undefined });
  const prometheusBin =
    ensureTools([PROMETHEUS], { autoInstall: true, log }).prometheus ?? 'prometheus';
  await assertPortFree(app.port, 'PORT, the dashboard');

  const stack: { mesh?: DemoMesh; prometheus?: PrometheusProcess; dashboard?: Managed } = {};
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await stack.dashboard?.stop();
      await stack.prometheus?.stop();
      await stack.mesh?.stop();
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0).then(() => undefined));
  process.on('SIGTERM', () => void stopAll(0).then(() => undefined));

  try {
    if (buildIsStale(root)) {
      log('Building the dashboard (first run or sources changed)…');
      runBuild(root);
    }

    stack.mesh = await startDemoMesh({
      rate: demo.DEMO_RATE,
      errorRate: demo.DEMO_ERROR_RATE,
      metricsPort: demo.DEMO_METRICS_PORT,
      kubePort: demo.DEMO_KUBE_PORT,
    });
    log(
      `Demo mesh: Bookinfo at ${demo.DEMO_RATE} req/s, metrics ${stack.mesh.metricsUrl}, Kubernetes API ${stack.mesh.kubeUrl}`,
    );

    const metrics = new URL(stack.mesh.metricsUrl);
    stack.prometheus = await startPrometheus({
      bin: prometheusBin,
      port: demo.DEMO_PROMETHEUS_PORT || undefined,
      scrape: [{ job: 'demo-mesh', target: metrics.host, path: metrics.pathname }],
      scrapeIntervalSeconds: demo.DEMO_SCRAPE_INTERVAL,
      echo: (line) => console.error(`[prometheus] ${line}`),
    });
    log(
      `Prometheus: ${stack.prometheus.url} (scraping every ${demo.DEMO_SCRAPE_INTERVAL}s, data in ${stack.prometheus.dataDir})`,
    );

    stack.dashboard = startManaged(process.execPath, [join(root, '.next/standalone/server.js')], {
      env: {
        ...process.env,
        PORT: String(app.port),
        HOSTNAME: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
        PROMETHEUS_URL: stack.prometheus.url,
        KUBE_API_URL: stack.mesh.kubeUrl,
        KUBECONFIG: undefined,
      },
      echo: (line) => console.log(`[dashboard] ${line}`),
    });
    const dashboardUrl = `http://127.0.0.1:${app.port}${app.basePath}`;
    await waitForHttp(`${dashboardUrl}/api/healthz`, 30_000, stack.dashboard.child);
    stack.dashboard.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`[demo] the dashboard exited (code ${code}); stopping.`);
        void stopAll(1);
      }
    });

    console.log('');
    console.log(`  Meshlens demo is ready: ${dashboardUrl}`);
    console.log(`  Try kubectl: kubectl --server ${stack.mesh.kubeUrl} get virtualservices -A`);
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
