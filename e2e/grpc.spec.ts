import { expect, test } from '@playwright/test';
import { syntheticTopology } from '../lib/demo/synthetic';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * gRPC edges, on the synthetic mesh (which speaks gRPC; Bookinfo does not) scraped by a real
 * VictoriaMetrics instead of Prometheus: the same pages work on a second implementation of the
 * query API.
 */
const SERVICES = 40;
let demo: DemoProcess;

// The demo's own mesh, computed the same way: a gRPC service and its first version.
const topology = syntheticTopology({ services: SERVICES, namespaces: 2, seed: 1 });
const grpc = topology.workloads.find((w) => w.protocol === 'grpc' && (w.responseMessages ?? 1) > 1);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemoProcess({
    DEMO_SERVICES: String(SERVICES),
    DEMO_NAMESPACES: '2',
    DEMO_SCRAPE_INTERVAL: '2',
    DEMO_METRICS_STORE: 'victoria-metrics',
  });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('a gRPC edge on VictoriaMetrics: statuses by name, then its streamed messages from the Display menu', async ({
  page,
}) => {
  test.setTimeout(120_000);
  expect(grpc, 'the synthetic mesh has a streaming gRPC service').toBeDefined();
  const { namespace, app, version } = grpc as NonNullable<typeof grpc>;
  const edge = `service/${namespace}/${app}->app/${namespace}/${app}/${version}:grpc`;
  expect(demo.stdout()).toContain('VictoriaMetrics: http://127.0.0.1:');

  const graph = new GraphPage(page);
  await page.goto(
    `${demo.url}/graph?namespaces=${namespace}&refresh=10&focus=${encodeURIComponent(`app/${namespace}/${app}/${version}`)}&hops=1&selected=${encodeURIComponent(edge)}`,
  );
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect(graph.panel.getByText('Protocol')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });

  const statuses = graph.panel.getByRole('table', { name: 'By gRPC status' });
  await expect(statuses.getByRole('rowheader', { name: '0 OK' })).toBeVisible();
  await expect(graph.panel.getByText('gRPC messages')).toHaveCount(0);

  await page.locator('summary', { hasText: 'Display' }).click();
  await page.getByRole('radio', { name: 'Messages received' }).check();
  await expect(page).toHaveURL(/grpcRate=received/);
  // Each call streams several messages back: more messages than calls.
  const messages = graph.panel.locator('dd', { hasText: 'msg/s' });
  await expect(messages).toHaveText(/^\d+(\.\d+)? msg\/s$/, { timeout: 20_000 });
  const rate = Number(
    (await graph.panel.locator('dt:has-text("Rate") + dd').textContent())?.split(' ')[0],
  );
  const perSecond = Number((await messages.textContent())?.split(' ')[0]);
  expect(perSecond).toBeGreaterThan(rate);
});
