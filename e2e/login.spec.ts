import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { RoutingPage } from './pages/RoutingPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/** A demo whose Kubernetes API checks tokens and RBAC, and a dashboard with token sign-in. */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  demo = await startDemoProcess({
    DEMO_AUTH: 'true',
    AUTH_STRATEGY: 'token',
    SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-for-aes',
    DEMO_SCRAPE_INTERVAL: '1',
  });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('sign in with a viewer token: the graph works, routing is read-only, sign out ends it', async ({
  page,
}) => {
  await page.goto(`${demo.url}/graph?namespaces=bookinfo`);
  await expect(page).toHaveURL(
    `${demo.url}/login?next=${encodeURIComponent('/graph?namespaces=bookinfo')}`,
  );

  const token = page.getByRole('textbox', { name: 'Token' });
  await token.fill('someone-elses-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'The Kubernetes API did not accept this token.',
  );

  await token.fill('demo-viewer-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${demo.url}/graph?namespaces=bookinfo`);
  await new GraphPage(page).waitForNodes(['reviews v2']);

  const routing = new RoutingPage(page);
  await page.goto(`${demo.url}/routing/bookinfo/reviews`);
  await expect(page.getByRole('main').getByRole('status').first()).toContainText(
    'Read-only: the Kubernetes credentials in use may not',
  );
  await expect(routing.button('Create routing')).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${demo.url}/login`);
  await page.goto(`${demo.url}/routing/bookinfo/reviews`);
  await expect(page).toHaveURL(/\/login\?next=/);
  const api = await page.request.get(`${demo.url}/api/overview`);
  expect(api.status()).toBe(401);
});
