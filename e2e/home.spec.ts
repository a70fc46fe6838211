import { expect, test } from '@playwright/test';
import { HomePage } from './pages/HomePage';

const BOOKINFO = [
  'details-v1',
  'mongodb-v1',
  'productpage-v1',
  'ratings-v1',
  'reviews-v1',
  'reviews-v2',
  'reviews-v3',
];

test.describe('Overview page against the demo mesh', () => {
  test('loads and shows every backend’s readiness', async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(page).toHaveTitle('Overview · Meshlens');
    await expect(home.heading).toBeVisible();
    await expect(home.backend('Prometheus', 'Ready')).toContainText(/version 2\./);
    await expect(home.backend('Kubernetes API', 'Ready')).toContainText(
      'version v1.31.0-meshlens-demo',
    );
    // The demo's own Jaeger query service, found by probing (api_v3 first).
    await expect(home.backend('Tracing backend', 'Ready')).toContainText('version Jaeger (api_v3)');
    await expect(home.alerts).toHaveCount(0);
  });

  test('shows a first view of the mesh: every Bookinfo workload with live traffic', async ({
    page,
  }, testInfo) => {
    const home = new HomePage(page);
    await home.goto();
    const table = home.workloads('bookinfo');
    await expect(table.getByRole('rowheader')).toHaveText(BOOKINFO);
    await expect(home.workloadRow('bookinfo', 'reviews-v2')).toContainText('1/1');
    // The first scrapes land within seconds; the table refreshes itself every 10 s.
    await expect(async () => {
      await page.reload();
      expect(await home.requestsPerSecond('bookinfo', 'productpage-v1')).toBeGreaterThan(0);
    }).toPass({ timeout: 40_000, intervals: [2_000] });
    await expect(home.workloadRow('bookinfo', 'mongodb-v1')).toContainText('B/s');
    await expect(home.workloads('istio-system').getByRole('rowheader')).toHaveText([
      'istio-ingressgateway',
    ]);
    await page.screenshot({ path: testInfo.outputPath('overview-light.png'), fullPage: true });
  });

  test('opens a workload on the graph from the overview', async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await home
      .workloadRow('bookinfo', 'reviews-v2')
      .getByRole('link', { name: 'reviews-v2' })
      .click();
    await expect(page).toHaveURL(
      /\/graph\?namespaces=bookinfo&graphType=workload&selected=workload%2Fbookinfo%2Freviews-v2$/,
    );
    await expect(
      page
        .getByRole('complementary', { name: 'Graph details' })
        .getByRole('heading', { name: 'reviews-v2' }),
    ).toBeVisible({
      timeout: 30_000,
    });
  });

  test('renders in dark mode', async ({ browser }, testInfo) => {
    const page = await browser.newPage({ colorScheme: 'dark' });
    const home = new HomePage(page);
    await home.goto();
    await expect(home.workloads('bookinfo')).toBeVisible();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 20, 24)');
    await page.screenshot({ path: testInfo.outputPath('overview-dark.png'), fullPage: true });
    await page.close();
  });

  test('is usable from the keyboard', async ({ page }) => {
    const home = new HomePage(page);
    await home.goto();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Meshlens home' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Overview' })).toBeFocused();
  });
});

test.describe('Overview page when backends fail', () => {
  test('names the failing backend in readiness and keeps the page usable', async ({ page }) => {
    await page.route('**/api/readyz', (route) =>
      route.fulfill({
        status: 503,
        json: {
          ready: false,
          checkedAt: '2026-11-24T10:00:00.000Z',
          backends: [
            {
              backend: 'prometheus',
              label: 'Prometheus',
              status: 'unreachable',
              required: true,
              url: 'http://127.0.0.1:9/',
              latencyMs: 1,
              error: 'Prometheus: connection refused by http://127.0.0.1:9/',
            },
            {
              backend: 'kubernetes',
              label: 'Kubernetes API',
              status: 'ready',
              required: true,
              latencyMs: 3,
              version: 'v1.31.0',
            },
            {
              backend: 'tracing',
              label: 'Tracing backend',
              status: 'unconfigured',
              required: false,
            },
          ],
        },
      }),
    );
    await page.route('**/api/overview*', (route) =>
      route.fulfill({
        status: 502,
        json: {
          error: {
            message: 'Prometheus: connection refused by http://127.0.0.1:9/api/v1/query',
            backend: 'prometheus',
            kind: 'unreachable',
          },
        },
      }),
    );
    const home = new HomePage(page);
    await home.goto();
    await expect(home.backend('Prometheus', 'Unreachable')).toContainText(
      'Prometheus: connection refused by http://127.0.0.1:9/',
    );
    await expect(home.backend('Kubernetes API', 'Ready')).toBeVisible();
    await expect(home.alerts.filter({ hasText: '/api/v1/query' })).toHaveText(
      'Prometheus: connection refused by http://127.0.0.1:9/api/v1/query',
    );
  });
});
