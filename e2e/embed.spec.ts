import { expect, test } from '@playwright/test';
import { freePort } from '../scripts/lib/processes';
import { startDemoProcess, type DemoProcess } from './support/demo-process';
import { startHostPage } from './support/host-page';

/** Grafana-style embedding: a page on another origin frames the dashboard in kiosk mode. */
const QUERY = 'kiosk&theme=dark&from=now-5m&to=now&namespaces=bookinfo&refresh=10';

test('with FRAME_ANCESTORS unset, the browser refuses to show the dashboard in another origin’s frame', async ({
  page,
  baseURL,
}) => {
  const host = await startHostPage(`${baseURL}/graph?${QUERY}`);
  try {
    const refused = page.waitForEvent('console', {
      predicate: (m) => /frame-ancestors/.test(m.text()),
      timeout: 15_000,
    });
    await page.goto(host.url);
    await refused;
    await expect(
      page.frameLocator('iframe[title="Meshlens"]').getByTestId('graph-canvas'),
    ).toHaveCount(0);
  } finally {
    await host.close();
  }
});

test.describe('with FRAME_ANCESTORS naming the host page', () => {
  let demo: DemoProcess;
  let host: Awaited<ReturnType<typeof startHostPage>>;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    // The host page's origin must be known before the demo starts: pick its port first.
    const port = await freePort();
    demo = await startDemoProcess({
      FRAME_ANCESTORS: `http://localhost:${port}`,
      DEMO_SCRAPE_INTERVAL: '1',
    });
    host = await startHostPage(`${demo.url}/graph?${QUERY}`, port);
  });

  test.afterAll(async () => {
    await host?.close();
    demo?.child.kill('SIGINT');
    await demo?.exited;
  });

  test('the graph renders in kiosk mode, dark, with the Grafana time range', async ({
    page,
  }, testInfo) => {
    await page.goto(host.url);
    const frame = page.frameLocator('iframe[title="Meshlens"]');
    await expect(frame.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', /^[1-9]/, {
      timeout: 45_000,
    });
    await expect(frame.getByRole('link', { name: 'Meshlens home' })).toHaveCount(0);
    await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(frame.getByRole('combobox', { name: 'Duration' })).toHaveValue('5m');
    await page.screenshot({ path: testInfo.outputPath('embedded.png') });
  });
});
