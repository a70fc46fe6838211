import { expect, test } from '@playwright/test';
import { seriousViolations } from './support/axe';

/** The workloads list against the shared demo: Bookinfo's workloads, their traffic, sorted. */
test('the workloads list: every workload with its traffic, sorted, searched, and on the graph', async ({
  page,
}, testInfo) => {
  await page.goto('/workloads?namespaces=bookinfo');
  const table = page.getByRole('table', { name: 'Workloads' });
  const rows = table.getByRole('row');
  // Header and Bookinfo's seven workloads, once Prometheus has their traffic.
  await expect(rows).toHaveCount(8);
  await expect(
    table.getByRole('row', { name: /reviews-v2 .*bookinfo reviews v2 sidecar 1\/1 / }),
  ).toBeVisible();
  await expect(async () => {
    const text =
      (await table.getByRole('row', { name: /productpage-v1 .*bookinfo/ }).textContent()) ?? '';
    expect(text).toMatch(/\d+\.\d/); // a request rate, not —
  }).toPass({ timeout: 30_000 });

  // By request rate, largest first: productpage and details take every request.
  await page.getByRole('button', { name: 'Sort by Requests/s, largest first' }).click();
  await expect(page).toHaveURL(/sort=rps/);
  await expect(rows.nth(1)).toContainText(/^(productpage|details)-v1/);
  await expect(rows.nth(2)).toContainText(/^(productpage|details)-v1/);
  // Pressed again: smallest first.
  await page.getByRole('button', { name: 'Sort by Requests/s' }).click();
  await expect(page).toHaveURL(/dir=asc/);
  await expect(rows.nth(7)).toContainText(/^(productpage|details)-v1/);

  // Searched by app.
  await page.getByRole('searchbox', { name: 'Name, app or version' }).fill('reviews');
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('status').filter({ hasText: /of \d+ workloads/ })).toContainText(
    '3 of 7 workloads in bookinfo',
  );
  await page.screenshot({ path: testInfo.outputPath('workloads.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // A workload opens its page; its second link, the graph with it selected.
  await table.getByRole('link', { name: 'reviews-v2', exact: true }).click();
  await expect(page).toHaveURL(/\/namespaces\/bookinfo\/workloads\/reviews-v2$/);
  await page.goBack();
  await table.getByRole('link', { name: 'Show reviews-v2 on the graph' }).click();
  await expect(page).toHaveURL(/\/graph\?.*selected=workload%2Fbookinfo%2Freviews-v2/);
  await expect(
    page
      .getByRole('complementary', { name: 'Graph details' })
      .getByRole('heading', { name: 'reviews-v2' }),
  ).toBeVisible();
});
