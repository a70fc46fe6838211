import { expect, test } from '@playwright/test';
import { freePort } from '../scripts/lib/processes';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/** A demo whose dashboard reads traces from a port where nothing listens. */
let demo: DemoProcess;
let deadPort: number;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  deadPort = await freePort();
  demo = await startDemoProcess({
    TRACING_URL: `http://127.0.0.1:${deadPort}`,
    DEMO_SCRAPE_INTERVAL: '1',
  });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('a tracing backend that is down is named in the traces panel; the graph keeps working', async ({
  page,
}) => {
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo`);
  await graph.waitForNodes(['reviews v2']);
  await graph.nodeList.getByRole('button', { name: 'reviews v2', exact: true }).click();
  await graph.panel.getByRole('tab', { name: 'Traces' }).click();
  const alert = graph.panel.getByRole('alert');
  await expect(alert).toHaveText(
    `Tracing backend: connection refused by http://127.0.0.1:${deadPort}/api/v3/services`,
    { timeout: 20_000 },
  );
  await expect(alert).toHaveAttribute('data-backend', 'tracing');
  await expect(graph.canvas).toHaveAttribute('data-stale', 'false');
  await graph.panel.getByRole('tab', { name: 'Details' }).click();
  await expect(graph.panel.getByRole('table', { name: 'Traffic' })).toBeVisible();
});
