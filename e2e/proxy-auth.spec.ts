import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * AUTH_STRATEGY=header through the real server: the browser plays the authenticating proxy
 * (127.0.0.1 is its address) and sends the user's bearer token on every request.
 */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  demo = await startDemoProcess({
    DEMO_AUTH: 'true',
    AUTH_STRATEGY: 'header',
    AUTH_PROXY_ADDRESSES: '127.0.0.1',
    DEMO_SCRAPE_INTERVAL: '1',
  });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('requests without the proxy’s token are refused', async ({ request }) => {
  const page = await request.get(`${demo.url}/graph`);
  expect(page.status()).toBe(401);
  expect(await page.text()).toContain('Meshlens is behind an authenticating proxy');
  expect((await request.get(`${demo.url}/api/healthz`)).status()).toBe(200);
});

test.describe('as the viewer the proxy signed in', () => {
  test.use({ extraHTTPHeaders: { authorization: 'Bearer demo-viewer-token' } });

  test('the graph works and routing is read-only, as RBAC says', async ({ page }) => {
    const graph = new GraphPage(page);
    await page.goto(`${demo.url}/graph?namespaces=bookinfo`);
    await graph.waitForNodes(['reviews v2']);
    await page.goto(`${demo.url}/routing/bookinfo/reviews`);
    await expect(page.getByRole('main').getByRole('status').first()).toContainText(
      'Read-only: the Kubernetes credentials in use may not',
    );
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  });
});
