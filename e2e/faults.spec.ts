import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import { readinessSchema } from '../lib/contracts/readiness';
import { GraphPage } from './pages/GraphPage';
import { meshPid, prometheusPid, startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * Backends that stop answering without closing anything (SIGSTOP: the process is alive, its
 * sockets accept, nothing comes back), then come back (SIGCONT). The page names the silent
 * backend within its timeout, keeps the last good graph, and recovers by itself: no reload.
 */
let demo: DemoProcess;
const TIMEOUT_MS = 1500;
const stopped = new Set<number>();

test.beforeAll(async () => {
  test.setTimeout(90_000);
  demo = await startDemoProcess({
    DEMO_SCRAPE_INTERVAL: '1',
    PROMETHEUS_TIMEOUT_MS: String(TIMEOUT_MS),
    KUBE_TIMEOUT_MS: String(TIMEOUT_MS),
    TRACING_TIMEOUT_MS: String(TIMEOUT_MS),
    // Graphs are shared for 1 s, not 5: a click of Refresh soon asks the backends again.
    GRAPH_CACHE_SECONDS: '1',
    // The graph draws with its kept reading of Kubernetes until it is 2 s old, not 10, then
    // reads again: a silent API is named within a few refreshes.
    KUBE_CACHE_SECONDS: '2',
  });
});

test.afterAll(async () => {
  for (const pid of stopped) process.kill(pid, 'SIGCONT');
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

function freeze(pid: number): void {
  process.kill(pid, 'SIGSTOP');
  stopped.add(pid);
}

function thaw(pid: number): void {
  process.kill(pid, 'SIGCONT');
  stopped.delete(pid);
}

async function readiness(request: APIRequestContext) {
  const response = await request.get(`${demo.url}/api/readyz`);
  return { status: response.status(), body: readinessSchema.parse(await response.json()) };
}

test('a silent Prometheus, then a silent Kubernetes API: named, last graph kept, recovered without a reload', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&refresh=10`);
  await graph.waitForNodes(['reviews v2']);
  const nodes = await graph.nodeLabels();
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(window, { meshlensNoReload: true }));

  /**
   * Clicks Refresh until `shown` appears: a click within a second of the last answer gets that
   * answer again (graphs are shared for GRAPH_CACHE_SECONDS), the next one asks the backends.
   */
  const refreshUntil = (shown: Locator) =>
    expect(async () => {
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect(shown).toHaveCount(1, { timeout: TIMEOUT_MS + 1_500 });
    }).toPass({ timeout: 4 * (TIMEOUT_MS + 1_500) });

  // Prometheus stops answering.
  const prometheus = prometheusPid(demo);
  freeze(prometheus);
  await refreshUntil(
    graph.alerts.filter({
      hasText: new RegExp(
        `^Refresh failed; showing the last good graph\\. Prometheus: no answer from http://127\\.0\\.0\\.1:${demo.ports.DEMO_PROMETHEUS_PORT}/api/v1/query within ${TIMEOUT_MS} ms`,
      ),
    }),
  );
  await expect(graph.canvas).toHaveAttribute('data-stale', 'true');
  expect(await graph.nodeLabels()).toEqual(nodes);
  const down = await readiness(request);
  expect(down.status).toBe(503);
  expect(down.body.backends.find((c) => c.backend === 'prometheus')?.status).toBe('unreachable');

  // It answers again: the page recovers on its own schedule.
  thaw(prometheus);
  await expect(graph.alerts).toHaveCount(0, { timeout: 30_000 });
  await expect(graph.canvas).toHaveAttribute('data-stale', 'false');
  expect(await graph.nodeLabels()).toEqual(nodes);

  // The mesh's Kubernetes API (and its metrics and tracing) stops answering: the graph still
  // comes from Prometheus, and says what it is missing.
  const mesh = meshPid(demo);
  freeze(mesh);
  const kubeWarning = page
    .getByRole('main')
    .getByRole('status')
    .filter({
      hasText: /^Kubernetes API: .*within 1500 ms .*routing badges and gateways hidden\)$/,
    });
  await refreshUntil(kubeWarning);
  await expect(graph.alerts).toHaveCount(0);
  expect(await graph.nodeLabels()).toEqual(nodes);
  expect(
    (await readiness(request)).body.backends.find((c) => c.backend === 'kubernetes')?.status,
  ).toBe('unreachable');

  thaw(mesh);
  await expect(kubeWarning).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(async () => (await readiness(request)).status, { timeout: 10_000 }).toBe(200);
  expect(await page.evaluate(() => 'meshlensNoReload' in window)).toBe(true);
});
