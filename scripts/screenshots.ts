/**
 * `npm run screenshots`: what each page looks like, taken from the demo in Chromium and stored
 * small (WebP) in docs/screenshots/, so the README and docs show the product as it is today.
 *
 *   npm run screenshots              every shot
 *   npm run screenshots -- graph     only the shots whose name contains "graph"
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureTools } from './lib/system-deps';
import { writeFaultDelay } from './lib/fault-delay';
import { freePort, startDemo } from './lib/processes';

const root = resolve(__dirname, '..');
const out = join(root, 'docs/screenshots');
const log = (line: string): void => console.log(`[screenshots] ${line}`);

interface Shot {
  name: string;
  what: string;
  viewport?: { width: number; height: number };
  /** Settings of a demo of its own (e.g. two clusters); absent: the default demo's. */
  demo?: Record<string, string>;
  /** Undoes what `take` changed in the demo, once the shot is taken. */
  after?: () => Promise<void>;
  take: (page: Page) => Promise<void>;
}

/** Opens the graph and waits until it drew at least `minNodes` nodes, then fits it. */
async function graphDrawn(page: Page, query: string, minNodes = 12): Promise<void> {
  await page.goto(`/graph?${query}`);
  await page.waitForFunction(
    (min) =>
      Number(document.querySelector('[data-testid="graph-canvas"]')?.getAttribute('data-nodes')) >=
      min,
    minNodes,
    { timeout: 60_000 },
  );
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.waitForTimeout(500);
}

/** The traces panel of productpage v1, once it lists traces. */
async function productpageTraces(page: Page): Promise<void> {
  await graphDrawn(
    page,
    'namespaces=bookinfo,istio-system&selected=app%2Fbookinfo%2Fproductpage%2Fv1&panel=traces',
  );
  await page
    .getByRole('list', { name: 'Traces found' })
    .getByRole('listitem')
    .first()
    .waitFor({ timeout: 30_000 });
}

/** The demo's Kubernetes API, on a port chosen before it starts (set in `main`). */
let kubeUrl = '';
/** When the demo of the shots being taken started (set in `takeShots`). */
let demoStartedMs = 0;

/** Waits until the demo has run `ms`: a chart of the last minutes then has lines to draw. */
const demoRunFor = async (ms: number): Promise<void> => {
  const left = demoStartedMs + ms - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
};

const SHOTS: Shot[] = [
  {
    name: 'overview',
    what: 'Overview: backends and workloads',
    take: async (page) => {
      await page.goto('/');
      await page.getByRole('table').first().waitFor();
      await page
        .getByText(/req\/s|\d+\.\d/)
        .first()
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'graph-bookinfo',
    what: 'Graph of Bookinfo at Fit, 1600 × 1000',
    viewport: { width: 1600, height: 1000 },
    take: (page) => graphDrawn(page, 'namespaces=bookinfo,istio-system'),
  },
  {
    name: 'graph-node-panel',
    what: 'A node selected: health, traffic, sparklines',
    take: async (page) => {
      await graphDrawn(
        page,
        'namespaces=bookinfo,istio-system&selected=app%2Fbookinfo%2Freviews%2Fv2',
      );
      await page.getByRole('img', { name: /^Requests: / }).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'graph-edge-panel',
    what: 'An edge selected: latency table, codes and flags, mTLS',
    take: async (page) => {
      await graphDrawn(page, 'namespaces=bookinfo,istio-system');
      await page.getByRole('button', { name: 'reviews v2', exact: true }).click();
      await page
        .getByRole('complementary', { name: 'Graph details' })
        .getByRole('button', { name: 'ratings', exact: true })
        .click();
      await page.getByRole('table', { name: 'Response time' }).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'traces-panel',
    what: 'Traces of a node: scatter and list',
    take: productpageTraces,
  },
  {
    name: 'trace-waterfall',
    what: 'A trace: waterfall with critical path and span details',
    take: async (page) => {
      await productpageTraces(page);
      const withRatings = page
        .getByRole('list', { name: 'Traces found' })
        .getByRole('listitem')
        .filter({ hasText: '8 spans' })
        .first();
      await withRatings.waitFor({ timeout: 30_000 });
      await withRatings.getByRole('link').first().click();
      await page.getByRole('tree').first().waitFor();
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'routing-preview',
    what: 'Routing editor: weights, canary comparison and a previewed diff',
    viewport: { width: 1440, height: 1100 },
    take: async (page) => {
      await page.goto('/routing/bookinfo/reviews');
      const create = page.getByRole('button', { name: 'Create routing', exact: true });
      await create.waitFor();
      await create.click();
      await page.getByRole('spinbutton', { name: 'Weight of reviews v3', exact: true }).fill('60');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByRole('region', { name: 'Preview' }).waitFor();
      await page.getByText('The Kubernetes API accepted every write in a dry run.').waitFor();
    },
  },
  {
    name: 'graph-gateway-panel',
    what: 'A gateway selected: its Gateway’s listeners and a certificate that expires soon',
    take: async (page) => {
      await graphDrawn(
        page,
        'namespaces=bookinfo,istio-system&graphType=workload&selected=workload%2Fistio-system%2Fistio-ingressgateway',
      );
      await page
        .getByRole('list', { name: 'Listeners of Istio Gateway bookinfo/bookinfo-gateway' })
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'routing-httproute',
    what: 'Routing editor writing a Gateway API HTTPRoute: a Service per version',
    viewport: { width: 1440, height: 1000 },
    take: async (page) => {
      // Istio's Gateway API recipe: one Service per version for the HTTPRoute to name.
      for (const version of ['v1', 'v2', 'v3'])
        await fetch(`${kubeUrl}/api/v1/namespaces/bookinfo/services`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            metadata: { name: `reviews-${version}` },
            spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'reviews', version } },
          }),
        });
      await page.goto('/routing/bookinfo/reviews');
      const create = page.getByRole('button', { name: 'Create an HTTPRoute (Gateway API)' });
      await create.waitFor();
      await create.click();
      await page.getByRole('spinbutton', { name: 'Weight of reviews-v3', exact: true }).fill('60');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByText('The Kubernetes API accepted every write in a dry run.').waitFor();
    },
  },
  {
    name: 'graph-clusters',
    what: 'Bookinfo over two clusters: cluster boxes, and reviews v3 in west selected',
    viewport: { width: 1440, height: 900 },
    demo: { DEMO_CLUSTERS: '2' },
    take: async (page) => {
      await graphDrawn(
        page,
        'namespaces=bookinfo,istio-system&graphType=versionedApp&selected=app%2Fbookinfo%2Freviews%2Fv3%40west',
        14,
      );
      await page.getByText('cluster west · namespace bookinfo').waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'graph-kiosk-dark',
    what: 'Kiosk mode, dark theme (as embedded in Grafana)',
    take: (page) => graphDrawn(page, 'namespaces=bookinfo,istio-system&kiosk&theme=dark'),
  },
  {
    name: 'istio-config',
    what: 'The Istio config list: a VirtualService routing to a subset no DestinationRule defines',
    viewport: { width: 1280, height: 640 },
    take: async (page) => {
      const objects = (kind: string) =>
        `${kubeUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/${kind}`;
      const write = (kind: string, body: object) =>
        fetch(objects(kind), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await write('destinationrules', {
        metadata: { name: 'reviews' },
        spec: {
          host: 'reviews',
          subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })),
        },
      });
      await write('virtualservices', {
        metadata: { name: 'reviews' },
        spec: {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 50 },
                { destination: { host: 'reviews', subset: 'v4' }, weight: 50 },
              ],
            },
          ],
        },
      });
      await page.goto('/istio?namespaces=bookinfo');
      await page.getByText('KIA1107').waitFor({ timeout: 30_000 });
    },
    // The demo as before: the next shots route reviews themselves.
    after: async () => {
      for (const kind of ['virtualservices', 'destinationrules'])
        await fetch(`${kubeUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/${kind}/reviews`, {
          method: 'DELETE',
        });
    },
  },
  {
    name: 'workload-overview',
    what: "reviews-v2's page: its neighbours, pod, Service and the Istio config that applies",
    viewport: { width: 1280, height: 860 },
    take: async (page) => {
      await page.goto('/namespaces/bookinfo/workloads/reviews-v2');
      await page
        .getByRole('group', { name: /^reviews-v2: / })
        .getByRole('link')
        .first()
        .waitFor();
    },
  },
  {
    name: 'workload-inbound',
    what: "reviews-v2's inbound metrics: volume, duration quantiles, sizes, TCP on one crosshair",
    viewport: { width: 1400, height: 960 },
    take: async (page) => {
      await demoRunFor(150_000);
      await page.goto('/namespaces/bookinfo/workloads/reviews-v2?tab=inbound&duration=5m');
      await page
        .locator('[data-chart-title="Request volume"] .u-legend .u-value')
        .filter({ hasText: /req\/s/ })
        .first()
        .waitFor({ timeout: 60_000 });
    },
  },
  {
    name: 'workload-logs',
    what: "reviews-v2's sidecar access log, followed live; each line opens its request's trace",
    viewport: { width: 1400, height: 600 },
    take: async (page) => {
      await page.goto('/namespaces/bookinfo/workloads/reviews-v2?tab=logs&container=istio-proxy');
      await page.getByTestId('log-lines').getByRole('button', { name: 'Trace' }).first().waitFor();
      await page.waitForTimeout(2_000);
    },
  },
  {
    name: 'services',
    what: 'The services list: workloads, routing badges and inbound traffic',
    viewport: { width: 1280, height: 520 },
    take: async (page) => {
      await page.goto('/services?namespaces=bookinfo');
      await page
        .getByRole('table', { name: 'Services' })
        .getByText(/^\d+\.\d$/)
        .first()
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    // Last: it leaves a fault in the demo.
    name: 'graph-delay',
    what: 'The Delay view: a 2 s fault delay on half the calls to details, ranked first, compared with before it',
    viewport: { width: 1600, height: 1000 },
    take: async (page) => {
      // productpage's proxy delays half its calls to details by 2 s, as Istio's fault does.
      await writeFaultDelay(kubeUrl, { service: 'details', percent: 50, delay: '2s' });
      await graphDrawn(page, 'namespaces=bookinfo,istio-system&delay=auto&duration=1m');
      const first = page
        .getByRole('list', { name: 'Contributors, largest first' })
        .getByRole('listitem')
        .first();
      for (let tries = 0; tries < 20; tries += 1) {
        if (((await first.textContent().catch(() => '')) ?? '').includes('details v1 ←')) break;
        await page.waitForTimeout(3_000);
        await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      }
      await first.getByText(/^details v1 ← productpage v1/).waitFor({ timeout: 10_000 });
      // Against the window ending as the fault was written: what it added.
      await page
        .getByRole('region', { name: 'Where the delay comes from' })
        .getByLabel('Compare with')
        .selectOption('last-change');
      await page.getByRole('status', { name: 'Comparison' }).waitFor();
      await first.getByText(/of the added latency/).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      await page.waitForTimeout(500);
    },
  },
];

/** PNG → WebP in the browser itself (Chromium encodes WebP; Node has no encoder here). */
async function toWebp(browser: Browser, png: Buffer): Promise<Buffer> {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.getContext('2d')?.drawImage(image, 0, 0);
    return canvas.toDataURL('image/webp', 0.8);
  }, png.toString('base64'));
  await page.close();
  return Buffer.from(dataUrl.replace(/^data:image\/webp;base64,/, ''), 'base64');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const shots = only.length ? SHOTS.filter((s) => only.some((o) => s.name.includes(o))) : SHOTS;
  const chromiumPath =
    process.env.CHROMIUM_PATH ??
    ensureTools([CHROMIUM], { autoInstall: true, log }).chromium ??
    '/usr/bin/chromium';
  // The default demo's shots, then each other demo's: shots of one demo share it.
  const demos = [...new Set(shots.map((s) => JSON.stringify(s.demo ?? {})))].sort(
    (a, b) => Number(a !== '{}') - Number(b !== '{}'),
  );
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    mkdirSync(out, { recursive: true });
    for (const settings of demos) {
      const these = shots.filter((s) => JSON.stringify(s.demo ?? {}) === settings);
      await takeShots(browser, these, JSON.parse(settings) as Record<string, string>);
    }
  } catch (error) {
    console.error(`[screenshots] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close();
  }
}

/** Starts a demo with `settings`, takes the shots, and stops it. */
async function takeShots(
  browser: Browser,
  shots: readonly Shot[],
  settings: Record<string, string>,
): Promise<void> {
  const kubePort = await freePort();
  kubeUrl = `http://127.0.0.1:${kubePort}`;
  const demo = await startDemo(root, log, { DEMO_KUBE_PORT: String(kubePort), ...settings });
  demoStartedMs = Date.now();
  try {
    // Let Prometheus scrape a few times so every edge has a rate.
    await new Promise((r) => setTimeout(r, 20_000));
    for (const shot of shots) {
      const context = await browser.newContext({
        baseURL: demo.url,
        viewport: shot.viewport ?? { width: 1280, height: 860 },
        timezoneId: 'UTC',
        locale: 'en-US',
      });
      const page = await context.newPage();
      await shot.take(page);
      const file = join(out, `${shot.name}.webp`);
      writeFileSync(file, await toWebp(browser, await page.screenshot()));
      await shot.after?.();
      log(`${shot.name}.webp (${Math.round(statSync(file).size / 1024)} KB): ${shot.what}`);
      await context.close();
    }
  } catch (error) {
    console.error(demo.output().split('\n').slice(-20).join('\n'));
    throw error;
  } finally {
    await demo.stop();
  }
}

void main();
