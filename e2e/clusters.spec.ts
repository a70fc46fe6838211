import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';
import { seriousViolations } from './support/axe';

/**
 * Bookinfo over two clusters (DEMO_CLUSTERS=2): east runs the gateway and most of Bookinfo,
 * west runs reviews v3 and a ratings v2 of its own. Each cluster has its own Kubernetes API;
 * the dashboard reaches them as two kubeconfig contexts (KUBE_CLUSTERS=east,west).
 */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemoProcess({ DEMO_CLUSTERS: '2', DEMO_SCRAPE_INTERVAL: '2' });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('two clusters: nodes in their cluster, the routing of one cluster edited there', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&graphType=versionedApp&refresh=10`);
  await graph.waitForNodes(['reviews v2', 'reviews v3', 'ratings v1', 'ratings v2']);
  // Each node names its cluster in the list; the ratings service runs in both.
  const clusterOf = (label: string) =>
    graph.nodeList
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: label, exact: true }) });
  await expect(clusterOf('reviews v3')).toContainText('app · bookinfo · west');
  await expect(clusterOf('reviews v2')).toContainText('app · bookinfo · east');
  await expect(clusterOf('ratings')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('clusters-graph.png') });

  // Find by cluster.
  await graph.searchbox('Hide').fill('cluster=east');
  await graph.searchbox('Hide').press('Enter');
  await expect(async () =>
    expect(await graph.nodeLabels()).toEqual(['ratings', 'ratings v2', 'reviews', 'reviews v3']),
  ).toPass({ timeout: 10_000 });
  await graph.searchbox('Hide').fill('');
  await graph.searchbox('Hide').press('Enter');

  // reviews v3's panel says where it runs, and its routing link opens west's routing.
  await graph.nodeList.getByRole('button', { name: 'reviews v3', exact: true }).click();
  await expect(graph.panel.getByText('app · cluster west · namespace bookinfo')).toBeVisible();
  await graph.panel.getByRole('link', { name: 'reviews', exact: true }).first().click();
  await expect(page).toHaveURL(/\/routing\/bookinfo\/reviews\?cluster=west$/);
  await expect(page.getByTestId('routing-cluster')).toContainText(
    'Reads and writes cluster west: Kubernetes API http://127.0.0.1:',
  );
  await expect(page.getByTestId('routing-cluster')).toContainText('(context west)');
  // West runs reviews v3 only: that is what its routing can split between.
  await expect(page.getByText('workloads reviews-v3 (v3)')).toBeVisible();

  // Circuit breaking on reviews in west: written there, and only west's reviews gets the badge.
  await page.getByRole('button', { name: 'Create routing', exact: true }).click();
  // The canary comparison reads west's reviews v3 (its only version there).
  await expect(
    page.getByRole('region', { name: 'Canary comparison' }).getByRole('row', { name: /^v3 \d/ }),
  ).toBeVisible({ timeout: 20_000 });
  await page.getByRole('spinbutton', { name: 'Max connections' }).fill('100');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText(
    'The Kubernetes API accepted every write in a dry run.',
  );
  await page.getByRole('button', { name: 'Apply to cluster west', exact: true }).click();
  await expect(
    page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: /^Applied/ }),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('clusters-routing.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // The badge goes on west's reviews service node (east's has none).
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&graphType=versionedApp&refresh=10`);
  await graph.waitForNodes(['reviews v3']);
  const reviewsIn = (cluster: string) =>
    clusterOf('reviews')
      .filter({ hasText: `service · bookinfo · ${cluster}` })
      .getByRole('button');
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await reviewsIn('west').click();
    await expect(graph.panel.getByRole('list', { name: 'Badges' })).toContainText('CB', {
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(graph.panel.getByText('service · cluster west · namespace bookinfo')).toBeVisible();
  await graph.panel.getByRole('button', { name: '← All nodes' }).click();
  await reviewsIn('east').click();
  await expect(graph.panel.getByText('service · cluster east · namespace bookinfo')).toBeVisible();
  await expect(graph.panel.getByRole('list', { name: 'Badges' })).toHaveCount(0);
});
