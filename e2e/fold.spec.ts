import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';

/**
 * Folding namespaces, on Bookinfo with `fold=all` (a large mesh folds by itself past 400
 * nodes): each namespace is one node, a folded one opens from the side panel, and the URL
 * remembers which.
 */
test('folded namespaces: one node each, aggregated traffic, expanded from the panel', async ({
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
  await graph.panel.getByRole('button', { name: 'Expand bookinfo' }).click();

  await expect(page).toHaveURL(/expand=bookinfo/);
  await graph.waitForNodes(['productpage v1', 'reviews v2', 'istio-system (1 node)']);
  await expect(page.getByRole('status', { name: 'Folded namespaces' })).toContainText(
    '1 namespace is folded',
  );

  await page.getByRole('button', { name: 'Show every node' }).click();
  await expect(page).toHaveURL(/fold=none/);
  await graph.waitForNodes(['istio-ingressgateway latest', 'productpage v1']);
  await expect(page.getByRole('status', { name: 'Folded namespaces' })).toHaveCount(0);
});
