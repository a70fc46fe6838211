import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';

const VERSIONED_APPS = [
  'productpage v1',
  'details v1',
  'reviews v1',
  'reviews v2',
  'reviews v3',
  'ratings v1',
  'mongodb v1',
  'istio-ingressgateway latest',
];
const SERVICES = ['productpage', 'details', 'reviews', 'ratings', 'mongodb'];

test.describe('Live service graph against the demo mesh', () => {
  test('shows the Bookinfo graph with every node, for the namespaces with traffic by default', async ({
    page,
  }, testInfo) => {
    const graph = new GraphPage(page);
    await graph.goto();
    // On a mesh that just started, the page waits for the first scrapes before choosing.
    await expect(page).toHaveURL(/[?&]namespaces=bookinfo(&|$)/, { timeout: 30_000 });
    await graph.waitForNodes([...VERSIONED_APPS, ...SERVICES]);
    expect(await graph.nodeLabels()).toEqual([...VERSIONED_APPS, ...SERVICES].sort());
    await expect(graph.canvas).toHaveAttribute('data-nodes', '13');
    await expect(graph.alerts).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('graph.png') });
  });

  test('selecting reviews v2 shows its health and rates, and the selection is in the URL', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo');
    await graph.waitForNodes(['reviews v2']);
    await graph.nodeList.getByRole('button', { name: 'reviews v2', exact: true }).click();
    await expect(page).toHaveURL(/selected=app%2Fbookinfo%2Freviews%2Fv2/);
    await expect(graph.panel.getByRole('heading', { name: 'reviews v2' })).toBeVisible();
    const traffic = graph.panel.getByRole('table', { name: 'Traffic' });
    await expect(traffic.getByRole('row', { name: /^http/ })).toContainText(/\d+\.\d req\/s/);
    await expect(
      graph.panel.getByRole('table', { name: 'Inbound by response code' }),
    ).toContainText('200');
    await expect(
      graph.panel.getByRole('img', { name: /^Requests: \d+\.\d req\/s now$/ }),
    ).toBeVisible();
    await expect(
      graph.panel.getByRole('img', { name: /^p95 latency: \d+\.\d ms now$/ }),
    ).toBeVisible();
    await graph.panel.getByRole('button', { name: 'ratings', exact: true }).click();
    await expect(
      graph.panel.getByRole('heading', { name: /reviews v2\s*→\s*ratings/ }),
    ).toBeVisible();
    // One p95 per panel: the latency table's, at the graph's own moment and window.
    await expect(graph.panel).not.toContainText('Response time (p95)');
    const latency = graph.panel.getByRole('table', { name: 'Response time' });
    await expect(latency.getByRole('columnheader')).toHaveText(['mean', 'p50', 'p95', 'p99']);
    await expect(latency.getByRole('cell').first()).toHaveText(/^\d+\.\d ms$/);
    await expect(latency.getByRole('cell').nth(2)).toHaveText(/^(\d+\.\d ms|≈ \d+–\d+ ms)$/);
    // `-` among response flags is "no flags", a normal answer.
    const flags = graph.panel.getByRole('table', { name: 'By response flags' });
    await expect(flags.getByRole('rowheader').first()).toHaveText('no flags');
    await expect(
      graph.panel
        .getByRole('listitem')
        .filter({ hasText: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-ratings' }),
    ).toContainText('mutual TLS');
  });

  test('switching the graph type changes the node set', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo');
    await graph.waitForNodes(['reviews v2']);
    await graph.select('Graph type').selectOption({ label: 'Workload graph' });
    await expect(page).toHaveURL(/graphType=workload/);
    await graph.waitForNodes(['reviews-v2', 'istio-ingressgateway']);
    expect(await graph.nodeLabels()).not.toContain('reviews v2');
    await graph.select('Graph type').selectOption({ label: 'Service graph' });
    await expect(async () =>
      expect(await graph.nodeLabels()).toEqual([...SERVICES, 'istio-ingressgateway'].sort()),
    ).toPass({ timeout: 15_000 });
  });

  test('hides and finds with expressions, and explains a bad one', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&graphType=workload');
    await graph.waitForNodes(['istio-ingressgateway']);
    await graph.searchbox('Hide').fill('ns=istio-system OR name=mongodb*');
    await graph.searchbox('Hide').press('Enter');
    await expect(async () =>
      expect(await graph.nodeLabels()).not.toContain('istio-ingressgateway'),
    ).toPass();
    expect(await graph.nodeLabels()).not.toContain('mongodb-v1');
    await expect(graph.canvas).toHaveAttribute('data-nodes', '10');
    await graph.searchbox('Find').fill('rps > ');
    await expect(graph.alerts).toHaveText('Find: expected a value after rps>');
    await graph.searchbox('Find').fill('name=reviews*');
    await graph.searchbox('Find').press('Enter');
    await expect(page).toHaveURL(/find=name%3Dreviews\*/);
    await expect(graph.alerts).toHaveCount(0);
  });

  test('restores the whole view from a shared URL', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo');
    await graph.waitForNodes(['reviews v2']);
    await graph.select('Graph type').selectOption({ label: 'App graph' });
    await graph.select('Duration').selectOption({ label: 'Last 5m' });
    await graph.select('Refresh interval').selectOption({ label: 'Paused' });
    await graph.select('Edge labels').selectOption({ label: 'Response time (p95)' });
    await graph.select('Layout').selectOption({ label: 'Layout: force-directed' });
    await graph.searchbox('Hide').fill('ns=istio-system');
    await graph.searchbox('Hide').press('Enter');
    await graph.waitForNodes(['reviews']);
    await graph.nodeList.getByRole('button', { name: 'reviews', exact: true }).first().click();
    await expect(page).toHaveURL(/selected=/);
    const shared = page.url();

    const fresh = await page.context().newPage();
    const again = new GraphPage(fresh);
    await fresh.goto(shared);
    await expect(again.select('Graph type')).toHaveValue('app');
    await expect(again.select('Duration')).toHaveValue('5m');
    await expect(again.select('Refresh interval')).toHaveValue('0');
    await expect(again.select('Edge labels')).toHaveValue('responseTime');
    await expect(again.select('Layout')).toHaveValue('cose');
    await expect(again.searchbox('Hide')).toHaveValue('ns=istio-system');
    await expect(again.panel.getByRole('heading', { level: 3 })).toHaveText(/^reviews$/);
    expect(fresh.url()).toBe(shared);
  });
});

test.describe('Traffic first', () => {
  test('draws the traffic before the response times arrive, then fills them in without moving a node', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo');
    await graph.waitForNodes(['reviews v2']); // a mesh that just started has no traffic yet
    // Hold the whole graph back, as a large mesh's duration histogram holds it in Prometheus.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const whole = (url: URL) => url.pathname === '/api/graph' && !url.searchParams.has('latency');
    await page.route(whole, async (route) => {
      await held;
      await route.continue();
    });
    await graph.goto('namespaces=bookinfo&edgeLabel=responseTime&refresh=0');
    await graph.waitForNodes(['reviews v2']);
    await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
    await expect(graph.canvas).toHaveAttribute('data-nodes', '13');
    // Laid out off the main thread.
    await expect(graph.canvas).toHaveAttribute('data-layout-where', 'worker');
    await expect(page.getByText('Response times loading…')).toBeVisible();

    const answered = page.waitForResponse((r) => whole(new URL(r.url())));
    release();
    expect((await answered).status()).toBe(200);
    await expect(page.getByText(/^Updated \d\d:\d\d:\d\d$/)).toBeVisible();
    await expect(page.getByText('Response times loading…')).toHaveCount(0);
    // The same elements with more data: laid out once, and nothing moved.
    await expect(graph.canvas).toHaveAttribute('data-layout-runs', '1');
    await expect(graph.canvas).toHaveAttribute('data-nodes-moved', '0');
  });
});

test.describe('Level of detail', () => {
  test('zoomed out, edge labels are held back through a refresh, and come back on zooming in', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&refresh=10');
    await graph.waitForNodes(['reviews v2']);
    await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
    await expect(graph.canvas).toHaveAttribute('data-edge-labels', 'drawn');
    const box = await graph.canvas.boundingBox();
    if (!box) throw new Error('the canvas has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 12; i += 1) await page.mouse.wheel(0, 400);
    await expect(graph.canvas).toHaveAttribute('data-edge-labels', 'held back');
    // A live refresh while zoomed out moves no node.
    const updated = await page.getByTestId('toolbar-status').textContent();
    await expect(page.getByTestId('toolbar-status')).not.toHaveText(updated ?? '', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('toolbar-status')).toHaveText(/^Updated /);
    await expect(graph.canvas).toHaveAttribute('data-nodes-moved', '0');
    await expect(graph.canvas).toHaveAttribute('data-edge-labels', 'held back');
    await page.getByRole('button', { name: 'Fit' }).click();
    await expect(graph.canvas).toHaveAttribute('data-edge-labels', 'drawn');
  });
});

test.describe('WebGL renderer', () => {
  /** Share of the canvas' pixels that differ from its background, read back by Chromium. */
  async function drawnShare(graph: GraphPage): Promise<number> {
    const png = (await graph.canvas.screenshot()).toString('base64');
    return graph.page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let drawn = 0;
      for (let i = 0; i < pixels.length; i += 4)
        if (
          Math.abs((pixels[i] ?? 0) - (pixels[0] ?? 0)) +
            Math.abs((pixels[i + 1] ?? 0) - (pixels[1] ?? 0)) +
            Math.abs((pixels[i + 2] ?? 0) - (pixels[2] ?? 0)) >
          24
        )
          drawn += 1;
      return drawn / (pixels.length / 4);
    }, png);
  }

  test('draws the same graph as the canvas renderer, from the Display menu and the URL', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&refresh=0');
    await graph.waitForNodes(['reviews v2']);
    await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
    await expect(graph.canvas).toHaveAttribute('data-renderer', 'canvas');
    const onCanvas = await drawnShare(graph);

    await page.locator('summary', { hasText: 'Display' }).click();
    await page.getByRole('checkbox', { name: 'WebGL renderer (experimental)' }).check();
    await expect(page).toHaveURL(/[?&]webgl=true(&|$)/);
    await expect(graph.canvas).toHaveAttribute('data-renderer', 'webgl');
    await expect(graph.canvas).toHaveAttribute('data-layout-state', 'done');
    await expect(graph.canvas).toHaveAttribute('data-nodes', '13');
    const hasWebgl = await graph.canvas.evaluate((element) =>
      [...element.querySelectorAll('canvas')].some((c) => c.getContext('webgl2') !== null),
    );
    expect(hasWebgl).toBe(true);
    // Nodes, edges and labels on screen: about as much as the canvas renderer draws.
    const onWebgl = await drawnShare(graph);
    expect(onCanvas).toBeGreaterThan(0.005);
    expect(onWebgl).toBeGreaterThan(onCanvas / 2);
    expect(onWebgl).toBeLessThan(onCanvas * 2);
    // The side panel still selects through it.
    await graph.nodeList.getByRole('button', { name: 'reviews v2', exact: true }).click();
    await expect(page).toHaveURL(/selected=app%2Fbookinfo%2Freviews%2Fv2/);
  });
});

test.describe('Replay', () => {
  test('shows a past moment, plays forward at the chosen speed, and returns to live', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    // An hour ago the demo mesh did not exist yet: the graph for then is empty, and says why.
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await graph.goto(`namespaces=bookinfo&time=${hourAgo}`);
    await expect(page.getByText('No traffic in bookinfo over the last 1m.')).toBeVisible();
    // A datetime-local input reports a whole minute without its ":00" seconds.
    const shownTime = new Date(hourAgo * 1000).toISOString().slice(0, 19).replace(/:00$/, '');
    await expect(page.getByRole('textbox', { name: 'Replay time (UTC)' })).toHaveValue(shownTime);

    await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('60');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page).toHaveURL(new RegExp(`time=${hourAgo + 120}(&|$)`), { timeout: 10_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = page.url();
    await page.waitForTimeout(2_500);
    expect(page.url()).toBe(paused);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect(page).not.toHaveURL(/time=/);
    await graph.waitForNodes(['reviews v2']);
  });
});
