import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/** Runs its own demo so it can stop that demo's Prometheus. */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  demo = await startDemoProcess({ DEMO_SCRAPE_INTERVAL: '1' });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('when Prometheus stops, the graph names it and keeps the last good graph, marked stale', async ({
  page,
}) => {
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&refresh=10`);
  await graph.waitForNodes(['reviews v2']);
  const nodes = await graph.nodeLabels();

  // Stop this demo's Prometheus (and only it), then ask for a refresh.
  // (No leading dashes in the pattern: pkill would read it as an option.)
  execFileSync('pkill', ['-f', `web.listen-address=127.0.0.1:${demo.ports.DEMO_PROMETHEUS_PORT}`]);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();

  await expect(graph.alerts.first()).toHaveText(
    new RegExp(
      `^Refresh failed; showing the last good graph\\. Prometheus: connection refused by http://127\\.0\\.0\\.1:${demo.ports.DEMO_PROMETHEUS_PORT}/api/v1/query$`,
    ),
    { timeout: 20_000 },
  );
  await expect(graph.alerts.first()).toHaveAttribute('data-backend', 'prometheus');
  await expect(graph.canvas).toHaveAttribute('data-stale', 'true');
  expect(await graph.nodeLabels()).toEqual(nodes);
});
