import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';

/** Nothing silent: a bad link, a missing namespace, a missing service and trace ids say so. */
test.describe('Mistakes are said, not swallowed', () => {
  test('unknown graph parameters are named and corrected in the URL', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&graphType=bogus&duration=999y');
    const notice = page.getByRole('status', { name: 'Link corrected' });
    await expect(notice).toContainText(
      'graphType="bogus" is not a valid value: showing versionedApp.',
    );
    await expect(notice).toContainText('duration="999y" is not a valid value: showing 1m.');
    await expect(page).toHaveURL(/\/graph\?namespaces=bookinfo$/);
    await graph.waitForNodes(['reviews v2']);
  });

  test('a namespace the cluster does not have says so, not "no traffic"', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=doesnotexist');
    await expect(page.getByRole('main')).toContainText('No namespace doesnotexist in the cluster.');
    await expect(page.getByRole('main')).not.toContainText('No traffic in doesnotexist');
  });

  test('the routing page of a service that does not exist answers 404', async ({ page }) => {
    const response = await page.goto('/routing/nope/nope');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    const existing = await page.goto('/routing/bookinfo/reviews');
    expect(existing?.status()).toBe(200);
  });

  test('an unknown API path answers a JSON 404, not the HTML page', async ({ request }) => {
    for (const path of ['/api/nope', '/api/graph/nope/deeper']) {
      const response = await request.get(path);
      expect(response.status()).toBe(404);
      expect(response.headers()['content-type']).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: { message: `no API route GET ${path}` } });
    }
  });

  test('a short trace id in the list opens its trace', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&selected=app%2Fbookinfo%2Fproductpage%2Fv1&panel=traces');
    const found = graph.panel.getByRole('list', { name: 'Traces found' });
    const idLink = found.getByRole('link', { name: /^[0-9a-f]{7}$/ }).first();
    await expect(idLink).toBeVisible({ timeout: 30_000 });
    const fullId = ((await idLink.getAttribute('title')) ?? '').replace('Trace ', '');
    expect(fullId).toMatch(/^[0-9a-f]{32}$/);
    await expect(idLink).toHaveText(fullId.slice(0, 7));
    await idLink.click();
    await expect(page).toHaveURL(new RegExp(`/traces/${fullId}`));
  });
});
