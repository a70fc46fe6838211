import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { TracePage } from './pages/TracePage';

test.describe('Trace drilldown against the demo mesh', () => {
  test('productpage v1 → traces → waterfall of productpage → reviews → ratings → lit up on the graph', async ({
    page,
  }, testInfo) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo,istio-system');
    await graph.waitForNodes(['productpage v1', 'ratings v1']);
    await graph.nodeList.getByRole('button', { name: 'productpage v1', exact: true }).click();
    await graph.panel.getByRole('tab', { name: 'Traces' }).click();
    await expect(page).toHaveURL(/panel=traces/);

    const found = graph.panel.getByRole('list', { name: 'Traces found' });
    await expect(found.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
    await expect(graph.panel).toContainText(
      /traces of productpage\.bookinfo \(productpage-v1\) · Jaeger \(api_v3\)/,
    );
    await expect(
      graph.panel.getByRole('group', { name: /^Scatter plot of \d+ traces/ }),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('traces-panel.png') });

    // A request that went through reviews v2 or v3 reached ratings: 8 spans.
    const throughRatings = found.getByRole('listitem').filter({ hasText: '8 spans' }).first();
    await throughRatings.getByRole('link').first().click();

    const trace = new TracePage(page);
    await expect(trace.waterfall).toBeVisible();
    await expect(trace.rows).toHaveCount(8);
    const services = (await trace.rows.getByTestId('span-service').allTextContents()).map((s) =>
      s.trim(),
    );
    expect(services).toEqual([
      'istio-ingressgateway.istio-system',
      'productpage.bookinfo',
      'productpage.bookinfo',
      'details.bookinfo',
      'productpage.bookinfo',
      'reviews.bookinfo',
      'reviews.bookinfo',
      'ratings.bookinfo',
    ]);
    await expect(trace.rows.nth(7)).toHaveAttribute('aria-level', '6');

    // Span details: tags and process of the ratings server span.
    await trace.rows.nth(7).click();
    await expect(trace.details.getByRole('heading', { level: 3 })).toContainText(
      'ratings.bookinfo.svc.cluster.local:9080',
    );
    await expect(trace.details.getByRole('table', { name: 'Tags' })).toContainText('node_id');
    await expect(trace.details.getByRole('table', { name: 'Process' })).toContainText(
      /ratings-v1-/,
    );
    // Collapse the reviews subtree with the keyboard, then expand it again.
    await trace.rows.nth(5).click();
    await trace.waterfall.press('ArrowLeft');
    await expect(trace.rows).toHaveCount(6);
    await trace.waterfall.press('ArrowRight');
    await expect(trace.rows).toHaveCount(8);
    await page.screenshot({ path: testInfo.outputPath('trace-page.png') });

    await page.getByRole('link', { name: 'Show on graph' }).click();
    await expect(page).toHaveURL(/\/graph\?.*trace=[0-9a-f]{32}/);
    const banner = page.getByTestId('trace-banner');
    // gateway, productpage (service + v1), details (service + v1), reviews (service + one
    // version), ratings (service + v1): 9 nodes and the 8 edges between them.
    await expect(banner).toContainText('9 nodes and 8 edges it passed through are lit');
    await expect(graph.canvas).toHaveAttribute('data-traced-nodes', '9');
    await expect(graph.canvas).toHaveAttribute('data-traced-edges', '8');
    await page.screenshot({ path: testInfo.outputPath('trace-on-graph.png') });
    await banner.getByRole('button', { name: 'Clear' }).click();
    await expect(banner).toHaveCount(0);
    await expect(graph.canvas).toHaveAttribute('data-traced-nodes', '0');
  });

  test('an edge lists only traces with that call; filters are in the URL and explain an empty result', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo');
    await graph.waitForNodes(['reviews v3']);
    await graph.nodeList.getByRole('button', { name: 'reviews v3', exact: true }).click();
    await graph.panel.getByRole('button', { name: 'ratings', exact: true }).click();
    await graph.panel.getByRole('tab', { name: 'Traces' }).click();
    const found = graph.panel.getByRole('list', { name: 'Traces found' });
    await expect(found.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
    await expect(graph.panel).toContainText('Traces of this edge');

    await graph.panel.getByRole('textbox', { name: 'Min duration' }).fill('10s');
    await graph.panel.getByRole('textbox', { name: 'Min duration' }).press('Enter');
    await expect(page).toHaveURL(/traceMinDuration=10s/);
    await expect(graph.panel.getByRole('status')).toContainText(
      /No traces found\.\s*Searched Jaeger \(api_v3\) for traces of ratings\.bookinfo called by bookinfo\/reviews-v3 between .* at least 10\.00 s/,
    );
    await graph.panel.getByRole('textbox', { name: 'Tags' }).fill('bad key');
    await expect(graph.panel.getByRole('textbox', { name: 'Tags' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });
});
