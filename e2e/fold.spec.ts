import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';

/**
 * Folding namespaces, on Bookinfo with `fold=all` (a large mesh folds by itself past 400
 * nodes): each namespace is one node, a folded one opens from the side panel, and the URL
 * remembers which.
 */
test('folded namespaces: one node each, aggregated traffic, expanded from the panel without a new answer', async ({
  page,
}) => {
  const graph = new GraphPage(page);
  await graph.goto('namespaces=bookinfo&fold=all');
  await graph.waitForNodes(['bookinfo (12 nodes)', 'istio-system (1 node)']);
  await expect(graph.canvas).toHaveAttribute('data-nodes', '2');
  await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
  await expect(page.getByRole('status', { name: 'Folded namespaces' })).toContainText(
    '2 namespaces are folded into one node each (13 nodes in all).',
  );

  await graph.nodeList.getByRole('button', { name: 'bookinfo (12 nodes)' }).click();
  await expect(graph.panel.getByRole('heading', { name: 'Namespace bookinfo' })).toBeVisible();
  await expect(graph.panel).toContainText(/HTTP\s*in [\d.]+ req\/s/);
  await expect(graph.panel.getByRole('tab')).toHaveCount(0);
  // The answer is fetched and parsed in the graph data worker, which makes the view the page
  // draws: expanding shows the answer it has again, without asking the server.
  const fetchedByWorkers = await Promise.all(
    page
      .workers()
      .map((w) => w.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))),
  );
  expect(fetchedByWorkers.flat()).toContainEqual(expect.stringContaining('/api/graph?'));
  const fetchedByPage = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name),
  );
  expect(fetchedByPage.filter((url) => url.includes('/api/graph?'))).toEqual([]);
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/graph') asked.push(r.url());
  });
  await graph.panel.getByRole('button', { name: 'Expand bookinfo' }).click();

  await expect(page).toHaveURL(/expand=bookinfo/);
  await graph.waitForNodes(['productpage v1', 'reviews v2', 'istio-system (1 node)']);
  await expect(page.getByRole('status', { name: 'Folded namespaces' })).toContainText(
    '1 namespace is folded',
  );
  expect(asked).toEqual([]);

  await page.getByRole('button', { name: 'Show every node' }).click();
  await expect(page).toHaveURL(/fold=none/);
  await graph.waitForNodes(['istio-ingressgateway latest', 'productpage v1']);
  await expect(page.getByRole('status', { name: 'Folded namespaces' })).toHaveCount(0);
});

test('the calls between folded namespaces: every one, or the busiest, in the URL', async ({
  page,
}) => {
  // Bookinfo folded has one call between its two namespaces: thinning (past 300, a large
  // mesh's; lib/graph-view/thin.test.ts) leaves it, and the banner offers the choice back.
  const graph = new GraphPage(page);
  await graph.goto('namespaces=bookinfo&fold=all&calls=all');
  await graph.waitForNodes(['bookinfo (12 nodes)', 'istio-system (1 node)']);
  const banner = page.getByRole('status', { name: 'Folded namespaces' });
  await expect(banner).toContainText('Every call between them is drawn.');
  await banner.getByRole('button', { name: 'Draw the busiest only' }).click();
  await expect(page).not.toHaveURL(/calls=/);
  await expect(banner).not.toContainText('Every call between them is drawn.');
  await expect(banner).not.toContainText('are not drawn');
  await expect(graph.canvas).toHaveAttribute('data-edges', '1');
});

test('focus on a node: its neighbourhood within N hops, in the URL, and back to the whole graph', async ({
  page,
}) => {
  const graph = new GraphPage(page);
  await graph.goto('namespaces=bookinfo');
  await graph.waitForNodes(['ratings v1', 'reviews v2']);
  await graph.nodeList.getByRole('button', { name: 'ratings v1' }).click();
  await graph.panel.getByRole('button', { name: 'Focus on its neighbourhood' }).click();

  await expect(page).toHaveURL(/focus=app%2Fbookinfo%2Fratings%2Fv1/);
  const focus = page.getByRole('status', { name: 'Focus' });
  await expect(focus).toContainText('Showing the 6 nodes within');
  await expect(focus).toContainText('of ratings v1.');
  await expect(graph.canvas).toHaveAttribute('data-nodes', '6');
  await graph.panel.getByRole('button', { name: '← All nodes' }).click();
  expect(await graph.nodeLabels()).toEqual(
    ['mongodb', 'mongodb v1', 'ratings', 'ratings v1', 'reviews v2', 'reviews v3'].sort(),
  );

  await focus.getByRole('combobox', { name: 'Hops' }).selectOption('1');
  await expect(page).toHaveURL(/hops=1/);
  await expect(graph.canvas).toHaveAttribute('data-nodes', '3');

  await focus.getByRole('button', { name: 'Show the whole graph' }).click();
  await expect(page).not.toHaveURL(/focus=/);
  await expect(graph.canvas).toHaveAttribute('data-nodes', '13');
});
