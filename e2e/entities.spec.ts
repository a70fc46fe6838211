import { expect, test, type Page } from '@playwright/test';
import { TracePage } from './pages/TracePage';
import { seriousViolations } from './support/axe';

/**
 * The pages of apps, workloads and services against the shared demo: the lists link to them,
 * and reviews-v2's page shows its pods, its inbound charts with traffic, its traces, and its
 * proxy's access log followed live, a line of which opens its request's trace.
 */

/** The newest value a chart's legend shows for a series (off the plot: the last point). */
async function legendValue(page: Page, chart: string, series: string): Promise<string> {
  const figure = page.locator(`[data-testid="chart"][data-chart-title="${chart}"]`);
  const row = figure.locator('.u-legend tr').filter({ hasText: series });
  return (await row.locator('.u-value').textContent()) ?? '';
}

test('the apps and services lists link to their pages', async ({ page }, testInfo) => {
  await page.goto('/apps?namespaces=bookinfo');
  const apps = page.getByRole('table', { name: 'Apps' });
  await expect(
    apps.getByRole('row', { name: /reviews .*bookinfo v1, v2, v3 sidecar 3\/3/ }),
  ).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await apps.getByRole('link', { name: 'reviews', exact: true }).click();
  await expect(page).toHaveURL(/\/namespaces\/bookinfo\/apps\/reviews$/);
  await expect(page.getByRole('table', { name: 'Workloads' })).toContainText('reviews-v3');

  await page.goto('/services?namespaces=bookinfo');
  const services = page.getByRole('table', { name: 'Services' });
  const ratings = services
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'ratings', exact: true }) });
  await expect(ratings).toContainText('bookinfo');
  await expect(ratings).toContainText('1 · v1');
  await expect(ratings).toContainText('sidecar');
  await expect(async () => {
    const text = (await ratings.textContent()) ?? '';
    expect(text).toMatch(/\d+\.\d/); // a request rate once Prometheus has the traffic
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('services.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await services.getByRole('link', { name: 'reviews', exact: true }).click();
  await expect(page).toHaveURL(/\/namespaces\/bookinfo\/services\/reviews$/);
  await expect(page.getByRole('table', { name: 'Pods' })).toContainText('reviews-v2-');
  // A service's tabs: no outbound metrics and no logs of its own, but its routing.
  const tabs = page.getByRole('tablist');
  await expect(tabs.getByRole('tab')).toHaveText([
    'Overview',
    'Traffic',
    'Inbound metrics',
    'Traces',
    'Routing',
  ]);
  await tabs.getByRole('tab', { name: 'Routing' }).click();
  await expect(page).toHaveURL(/tab=routing/);
  await expect(page.getByRole('heading', { name: /Routing · reviews/ })).toBeVisible();
});

test("reviews-v2's page: pods, inbound charts with traffic, traces, and a followed proxy log whose line opens its trace", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto('/namespaces/bookinfo/workloads/reviews-v2');
  await expect(page.getByRole('heading', { name: /reviews-v2/, level: 1 })).toBeVisible();
  const pods = page.getByRole('table', { name: 'Pods' });
  // Its one pod: running, both containers ready, no restarts, Istio's proxy 1.26.0.
  await expect(
    pods.getByRole('row', { name: /^reviews-v2-\S+ Running 2\/2 0 1\.26\.0 / }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Services' })).toContainText('reviews');
  // Its neighbours: productpage calls it, it calls ratings; each opens its page.
  const neighbours = page.getByRole('group', { name: 'reviews-v2: 1 caller · 1 callee' });
  await expect(neighbours.getByRole('link', { name: 'productpage-v1: its page' })).toBeVisible();
  await expect(neighbours.getByRole('link', { name: 'ratings-v1: its page' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Istio config' })).toContainText(
    'PeerAuthentication',
  );
  expect(await seriousViolations(page)).toEqual([]);

  // Inbound metrics: six charts on one time axis, with request volume and p95 above zero.
  await page.getByRole('tab', { name: 'Inbound metrics' }).click();
  await expect(page).toHaveURL(/tab=inbound/);
  await expect(page.getByTestId('chart')).toHaveCount(6);
  await expect(async () => {
    expect(await legendValue(page, 'Request volume', 'total')).toMatch(/^[1-9][\d.]* req\/s$/);
    expect(await legendValue(page, 'Request duration', 'p95')).toMatch(/^[1-9][\d.]* ms$/);
  }).toPass({ timeout: 45_000 });
  await page.screenshot({ path: testInfo.outputPath('workload-inbound.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  // Split by source: productpage is reviews' one caller.
  await page.getByRole('combobox', { name: 'Split by' }).selectOption('peer');
  await expect(page).toHaveURL(/by=peer/);
  await expect(
    page.locator('[data-chart-title="Request volume"] .u-legend').getByText('productpage-v1'),
  ).toBeVisible();

  // Traces through its proxy.
  await page.getByRole('tab', { name: 'Traces' }).click();
  await expect(page.getByText(/\d+ traces? of reviews\.bookinfo/)).toBeVisible({ timeout: 30_000 });

  // Its sidecar's access log, followed: lines keep arriving.
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByRole('combobox', { name: 'Container' }).selectOption('istio-proxy');
  await expect(page).toHaveURL(/container=istio-proxy/);
  const lines = page.getByTestId('log-lines');
  await expect(lines).toContainText('inbound|9080||');
  const count = async () =>
    Number(
      /(\d+) lines/.exec((await page.getByTestId('log-status').textContent()) ?? '')?.[1] ?? 0,
    );
  const before = await count();
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('log-status')).toContainText('following');
  // Filtered by text, in the URL.
  const filter = page.getByRole('searchbox', { name: 'Filter lines' });
  await filter.fill('inbound|9080');
  await filter.press('Enter');
  await expect(page).toHaveURL(/q=inbound/);
  await page.screenshot({ path: testInfo.outputPath('workload-logs.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  // A line's Trace button finds its request's trace by its x-request-id and opens it.
  const line = lines.locator('div').filter({ hasText: 'inbound|9080||' }).last();
  const requestId = /"([0-9a-f-]{36})"/.exec((await line.textContent()) ?? '')?.[1];
  expect(requestId).toBeTruthy();
  await line.getByRole('button', { name: 'Trace' }).click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}\?back=/, { timeout: 20_000 });
  // The trace's spans carry the same request id.
  const trace = new TracePage(page);
  await trace.rows.filter({ hasText: 'reviews.bookinfo' }).first().click();
  await expect(trace.details).toContainText(requestId as string);
});
