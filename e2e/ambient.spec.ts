import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { TracePage } from './pages/TracePage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * Istio ambient in the demo (DEMO_AMBIENT=true): the `travel` namespace has no sidecars; its
 * waypoint reports the requests and ztunnel the connections. The graph draws the requests
 * caller to destination, and the waypoint only when asked.
 */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemoProcess({ DEMO_AMBIENT: 'true', DEMO_SCRAPE_INTERVAL: '2' });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('an ambient namespace: requests through its waypoint, the waypoint shown on request, ambient traffic chosen', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=travel&graphType=workload&refresh=10`);
  await graph.waitForNodes(['frontend-v1', 'bookings-v1', 'istio-ingressgateway']);
  expect(await graph.nodeLabels()).not.toContain('waypoint');

  const display = page.locator('summary', { hasText: 'Display' });
  await display.click();
  await page.getByRole('checkbox', { name: 'Waypoint proxies (ambient)' }).check();
  await expect(page).toHaveURL(/waypoints=true/);
  await graph.waitForNodes(['waypoint']);
  // One waypoint node: no service node is put next to it.
  await expect(graph.nodeList.getByRole('button', { name: 'waypoint', exact: true })).toHaveCount(
    1,
  );
  await graph.nodeList.getByRole('button', { name: 'waypoint', exact: true }).click();
  await expect(graph.panel.getByText('waypoint proxy (ambient) · namespace travel')).toBeVisible();

  // Without ambient telemetry, an ambient namespace has no traffic of its own to draw.
  await page.goto(`${demo.url}/graph?namespaces=travel&graphType=workload&refresh=10`);
  await graph.waitForNodes(['frontend-v1']);
  await display.click();
  await page.getByRole('radio', { name: 'None (sidecars only)' }).check();
  await expect(page).toHaveURL(/ambientTraffic=none/);
  await expect(graph.nodeList).toHaveCount(0, { timeout: 20_000 });
});

test('an ambient workload’s traces come from its waypoint and light up its path on the graph', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=travel,istio-system&graphType=workload&refresh=10`);
  await graph.waitForNodes(['bookings-v1']);
  await graph.nodeList.getByRole('button', { name: 'bookings-v1', exact: true }).click();
  await graph.panel.getByRole('tab', { name: 'Traces' }).click();
  const found = graph.panel.getByRole('list', { name: 'Traces found' });
  await expect(found.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
  await expect(graph.panel).toContainText(
    /traces of waypoint\.travel \(bookings-v1\) through ambient waypoint travel\/waypoint/,
  );
  await found.getByRole('listitem').first().getByRole('link').first().click();

  // The gateway's sidecar span, then the waypoint's: into frontend, and from it into bookings.
  const trace = new TracePage(page);
  await expect(trace.rows).toHaveCount(3);
  expect(
    (await trace.rows.getByTestId('span-service').allTextContents()).map((s) => s.trim()),
  ).toEqual(['istio-ingressgateway.istio-system', 'waypoint.travel', 'waypoint.travel']);
  await trace.rows.nth(2).click();
  await expect(trace.details.getByRole('table', { name: 'Tags' })).toContainText(
    'istio.destination_workload',
  );
  await page.screenshot({ path: testInfo.outputPath('ambient-trace.png') });

  await page.getByRole('link', { name: 'Show on graph' }).click();
  // gateway → frontend (service) → frontend-v1 → bookings (service) → bookings-v1.
  await expect(graph.canvas).toHaveAttribute('data-traced-nodes', '5');
  await expect(graph.canvas).toHaveAttribute('data-traced-edges', '4');
  await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
  await page.screenshot({ path: testInfo.outputPath('ambient-trace-on-graph.png') });
});
