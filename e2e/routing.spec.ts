import { expect, test } from '@playwright/test';
import { runToExit } from '../scripts/lib/processes';
import { KUBECTL, ensureTools } from '../scripts/lib/system-deps';
import { GraphPage } from './pages/GraphPage';
import { RoutingPage } from './pages/RoutingPage';

/** The demo's Kubernetes API, as `npm run demo` printed it (read from the routing page's data). */
async function kubeUrl(baseURL: string): Promise<string> {
  const ready = (await (await fetch(`${baseURL}/api/readyz`)).json()) as {
    backends: { backend: string; url: string }[];
  };
  const url = ready.backends.find((b) => b.backend === 'kubernetes')?.url;
  if (!url) throw new Error('no Kubernetes API in readyz');
  return url.replace(/\/$/, '');
}

async function kubectl(baseURL: string, args: string[], input?: string): Promise<string> {
  const bin = ensureTools([KUBECTL], { autoInstall: false, log: () => undefined })
    .kubectl as string;
  const { code, stdout, stderr } = await runToExit(
    bin,
    ['--server', await kubeUrl(baseURL), ...args],
    {
      env: { ...process.env, KUBECONFIG: '/dev/null' },
      input,
      timeoutMs: 30_000,
    },
  );
  if (code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${stderr}`);
  return stdout;
}

test.describe.configure({ mode: 'serial' });

test('a view-only Meshlens shows routing without any editing control', async ({ page }) => {
  // The server's own answer, marked view-only as VIEW_ONLY=true would.
  await page.route('**/api/namespaces/bookinfo/services/reviews/routing', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), viewOnly: true } });
  });
  const routing = new RoutingPage(page);
  await routing.goto('bookinfo', 'reviews');
  await expect(page.getByRole('main').getByRole('status').first()).toContainText('View-only');
  await expect(routing.button('Create routing')).toHaveCount(0);
  await expect(routing.button('Preview')).toHaveCount(0);
  await expect(routing.button('Apply')).toHaveCount(0);
});

test.describe('Routing editor against the demo mesh', () => {
  test('send all of reviews to v3: the graph shows traffic only to reviews v3 within 30 s', async ({
    page,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'reviews');
    await routing.button('Create routing').click();
    const route = routing.route(1);
    await expect(route).toBeVisible();
    // The draft keeps today's balancing: one ready pod per version, so a third each.
    const weight = (version: string) =>
      route.getByRole('spinbutton', { name: `Weight of reviews ${version}`, exact: true });
    await expect(weight('v1')).toHaveValue('34');
    await expect(weight('v2')).toHaveValue('33');
    await expect(weight('v3')).toHaveValue('33');
    // Then everything to v3: its weight to 100, the others (now 0) removed.
    await weight('v3').fill('100');
    await route.getByRole('button', { name: 'Remove destination reviews v1' }).click();
    await route.getByRole('button', { name: 'Remove destination reviews v2' }).click();
    await expect(weight('v3')).toHaveValue('100');
    await page.screenshot({ path: testInfo.outputPath('routing-editor.png'), fullPage: true });
    const applied = await routing.previewAndApply();
    expect(applied).toContain('created DestinationRule reviews');
    expect(applied).toContain('created VirtualService reviews');
    await expect(page.getByRole('main')).toContainText(
      /VirtualService reviews \(resourceVersion \d+\)/,
    );
    expect(
      await kubectl(baseURL as string, [
        'get',
        'virtualservice',
        'reviews',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.spec.http[0].route[0].destination.subset}',
      ]),
    ).toBe('v3');

    // The demo's proxies follow at once; a 15 s window shows only the new traffic soon after.
    const started = Date.now();
    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&duration=15s&refresh=10');
    await graph.waitForNodes(['reviews']);
    await graph.nodeList.getByRole('button', { name: 'reviews', exact: true }).click();
    await graph.expectVersionsReached('reviews', ['reviews v3'], 40_000);
    expect(Date.now() - started).toBeLessThan(45_000);
    await page.screenshot({ path: testInfo.outputPath('graph-after-shift.png') });
  });

  test('a concurrent kubectl edit is shown as a conflict, never overwritten, then re-applied on top', async ({
    page,
    baseURL,
  }) => {
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'reviews');
    const route = routing.route(1);
    await route.getByRole('button', { name: 'Add destination' }).click();
    await route.getByRole('spinbutton', { name: 'Weight of reviews v3' }).fill('80');

    // Meanwhile someone sends everything to v2 with kubectl.
    await kubectl(baseURL as string, [
      'patch',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/http/0/route/0/destination/subset","value":"v2"}]',
    ]);

    await routing.button('Preview').click();
    const conflict = page.getByRole('alert').filter({ hasText: 'changed since you loaded it' });
    await expect(conflict).toBeVisible();
    await expect(conflict.getByLabel('Current version against your edit')).toContainText('- ');
    expect(
      await kubectl(baseURL as string, [
        'get',
        'virtualservice',
        'reviews',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.spec.http[0].route[0].destination.subset}',
      ]),
    ).toBe('v2');

    await conflict.getByRole('button', { name: 'Load the new version and keep my edits' }).click();
    await expect(conflict).toHaveCount(0);
    const applied = await routing.previewAndApply();
    expect(applied).toContain('replaced VirtualService reviews');
    const weights = await kubectl(baseURL as string, [
      'get',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'jsonpath={.spec.http[0].route[*].weight}',
    ]);
    expect(
      weights
        .split(' ')
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([20, 80]);
  });

  test('unapplied weights can be seen on the graph first (what-if)', async ({ page }) => {
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'reviews');
    await routing.route(1).getByRole('spinbutton', { name: 'Weight of reviews v3' }).fill('50');
    await expect(
      page
        .getByRole('region', { name: 'Canary comparison' })
        .getByRole('img', { name: /^What-if:/ }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'What-if on the graph' }).click();
    await expect(page).toHaveURL(/whatif=bookinfo%2Freviews%3Av3%3D50%2Cv1%3D50/);
    const banner = page.getByTestId('what-if-banner');
    await expect(banner).toContainText('What-if, not applied: reviews v3 50 %, v1 50 %');
    const graph = new GraphPage(page);
    await expect(graph.canvas).toHaveAttribute('data-what-if-edges', /^[1-9]/, { timeout: 20_000 });
    await banner.getByRole('button', { name: 'Clear' }).click();
    await expect(graph.canvas).toHaveAttribute('data-what-if-edges', '0');
  });

  test('removing the routing deletes the VirtualService before the DestinationRule', async ({
    page,
    baseURL,
  }) => {
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'reviews');
    await routing.button('Remove all routing').click();
    await routing.button('Preview').click();
    await expect(routing.preview.getByRole('listitem')).toHaveText([
      /^delete VirtualService reviews/,
      /^delete DestinationRule reviews/,
    ]);
    const applied = await routing.previewAndApply();
    expect(applied).toContain('deleted VirtualService reviews');
    expect(
      await kubectl(baseURL as string, ['get', 'virtualservices', '-n', 'bookinfo', '-o', 'name']),
    ).toBe('');
    await expect(page.getByText('reviews has no routing.')).toBeVisible();
  });
});

test('a client-side abort shows in the canary comparison, answered by the callers’ proxies', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const objects = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'ratings', namespace: 'bookinfo' },
        spec: { host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'ratings', namespace: 'bookinfo' },
        spec: {
          hosts: ['ratings'],
          http: [
            {
              fault: { abort: { httpStatus: 500, percentage: { value: 50 } } },
              route: [{ destination: { host: 'ratings', subset: 'v1' } }],
            },
          ],
        },
      },
    ],
  };
  await kubectl(
    baseURL as string,
    ['apply', '--validate=false', '-f', '-'],
    JSON.stringify(objects),
  );
  try {
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'ratings');
    const canary = page.getByRole('region', { name: 'Canary comparison' });
    const callers = canary.getByRole('row', { name: /^all callers/ });
    // Half the calls are aborted by reviews' proxies: about 50 % errors once scraped (the
    // comparison refreshes every 10 s).
    await expect
      .poll(
        async () => {
          const cells = await callers.getByRole('cell').allTextContents();
          return Number.parseFloat(cells[1] ?? '0');
        },
        { timeout: 60_000, intervals: [3_000] },
      )
      .toBeGreaterThan(20);
    await expect(canary.getByRole('note')).toContainText('aborted by fault injection');
    // The subset itself answers what reaches it: its errors stay near the demo's 1 %.
    const v1 = Number.parseFloat(
      (await canary.getByRole('row', { name: /^v1/ }).getByRole('cell').nth(1).textContent()) ??
        '100',
    );
    expect(v1).toBeLessThan(10);
  } finally {
    await kubectl(baseURL as string, [
      'delete',
      'virtualservice,destinationrule',
      'ratings',
      '-n',
      'bookinfo',
    ]);
  }
});

test('a tight connection pool on a slow ratings: 503 UO on the graph, and the delay stops spreading', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const base = baseURL as string;
  /** p95 of productpage → reviews over the last 15 s, from the graph API. */
  const productpageP95 = async (): Promise<number> => {
    const graph = (await (
      await fetch(
        `${base}/api/graph?namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=15s`,
      )
    ).json()) as { elements: { edges: { data: { id: string; responseTimeMs?: number } }[] } };
    // The slowest of productpage → reviews-v1/v2/v3 (v2 and v3 call ratings).
    return Math.max(
      0,
      ...graph.elements.edges
        .filter((e) =>
          e.data.id.startsWith('workload/bookinfo/productpage-v1->workload/bookinfo/reviews'),
        )
        .map((e) => e.data.responseTimeMs ?? 0),
    );
  };
  // ratings answers in 7 s: every caller up the chain waits.
  await kubectl(base, [
    'annotate',
    '--overwrite',
    'deployment',
    'ratings-v1',
    '-n',
    'bookinfo',
    'demo.meshlens.dev/latency=7s',
  ]);
  try {
    await expect
      .poll(productpageP95, { timeout: 45_000, intervals: [3_000] })
      .toBeGreaterThan(5000);

    // Istio's circuit-breaking task: one connection, one pending request.
    const routing = new RoutingPage(page);
    await routing.goto('bookinfo', 'ratings');
    await routing.button('Create routing').click();
    await page.getByRole('spinbutton', { name: 'Max connections' }).fill('1');
    await page.getByRole('spinbutton', { name: 'Max pending requests' }).fill('1');
    await routing.previewAndApply();

    const graph = new GraphPage(page);
    await graph.goto('namespaces=bookinfo&duration=15s&refresh=10');
    await graph.waitForNodes(['reviews v2']);
    await graph.nodeList.getByRole('button', { name: 'reviews v2', exact: true }).click();
    await graph.panel.getByRole('button', { name: 'ratings', exact: true }).click();
    const flags = graph.panel.getByRole('table', { name: 'By response flags' });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh', exact: true }).click();
          return flags.getByRole('rowheader').allTextContents();
        },
        { timeout: 30_000, intervals: [2_000] },
      )
      .toContain('UO');
    await expect(flags.getByRole('rowheader', { name: 'UO' })).toHaveAttribute(
      'title',
      /circuit breaking/,
    );
    // The ratings service node carries the circuit-breaker badge, explained and linked.
    await graph.panel.getByRole('button', { name: 'ratings', exact: true }).click();
    const badge = graph.panel
      .getByRole('list', { name: 'Badges' })
      .getByRole('link', { name: 'CB' });
    await expect(badge).toHaveAttribute('title', /^Circuit breaker/);
    await expect(badge).toHaveAttribute('href', '/routing/bookinfo/ratings');
    // reviews now fails fast on ratings: productpage no longer waits seconds for it.
    await expect.poll(productpageP95, { timeout: 45_000, intervals: [3_000] }).toBeLessThan(1000);
  } finally {
    await kubectl(base, [
      'annotate',
      'deployment',
      'ratings-v1',
      '-n',
      'bookinfo',
      'demo.meshlens.dev/latency-',
    ]);
    await kubectl(base, [
      'delete',
      'virtualservice,destinationrule',
      'ratings',
      '-n',
      'bookinfo',
      '--ignore-not-found',
    ]);
  }
});
