import { expect, test } from '@playwright/test';
import { seriousViolations } from './support/axe';

/** Every page scanned with axe-core (support/axe.ts): no serious or critical violation. */
const GRAPH = '/graph?namespaces=bookinfo,istio-system';

test.describe('Accessibility (axe-core): no serious or critical violations', () => {
  test('overview', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('table').first()).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('graph, with a node and an edge selected', async ({ page }) => {
    await page.goto(GRAPH);
    const nodes = page.getByRole('list', { name: 'Nodes' });
    await expect(nodes.getByRole('button', { name: 'reviews v2', exact: true })).toBeVisible({
      timeout: 45_000,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await nodes.getByRole('button', { name: 'reviews v2', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Graph details' });
    await expect(panel.getByRole('img', { name: /^Requests: / })).toBeVisible({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'ratings', exact: true }).click();
    await expect(panel.getByRole('table', { name: 'Response time' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the Delay view, compared with 5 minutes before', async ({ page }) => {
    await page.goto(`${GRAPH}&delay=auto&compare=5m`);
    const ranking = page.getByRole('list', { name: 'Contributors, largest first' });
    await expect(ranking.getByRole('listitem').first()).toBeVisible({ timeout: 45_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('replaying, with the timeline and a picked baseline moment', async ({ page }) => {
    const now = Math.floor(Date.now() / 1000);
    await page.goto(`${GRAPH}&time=${now - 30}&compare=${now - 90}`);
    const timeline = page.getByRole('group', { name: 'Replay timeline' });
    await expect(timeline.getByRole('button').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel('Baseline moment (UTC)')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('traces panel and a trace', async ({ page }) => {
    await page.goto(`${GRAPH}&selected=app%2Fbookinfo%2Fproductpage%2Fv1&panel=traces`);
    const found = page.getByRole('list', { name: 'Traces found' });
    await expect(found.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await found.getByRole('listitem').first().getByRole('link').first().click();
    await expect(page.getByRole('tree').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('routing editor, with a draft', async ({ page }) => {
    await page.goto('/routing/bookinfo/details');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Routing · details');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create routing', exact: true }).click();
    await expect(page.getByRole('region', { name: /^Route 1:/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Preview' })).toContainText('dry run');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a corrected link and a missing namespace', async ({ page }) => {
    await page.goto('/graph?namespaces=doesnotexist&graphType=bogus');
    await expect(page.getByRole('status', { name: 'Link corrected' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('No namespace doesnotexist');
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('graph in kiosk mode, dark theme', async ({ page }) => {
    await page.goto(`${GRAPH}&kiosk&theme=dark`);
    await expect(
      page.getByRole('list', { name: 'Nodes' }).getByRole('button', { name: 'ratings v1' }),
    ).toBeVisible({ timeout: 45_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('not found', async ({ page }) => {
    await page.goto('/routing/nope/nope');
    await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
