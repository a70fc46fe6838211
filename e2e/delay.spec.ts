import { expect, test } from '@playwright/test';
import { writeFaultDelay } from '../scripts/lib/fault-delay';
import { GraphPage } from './pages/GraphPage';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * The Delay view on a demo of its own (a fault is written into its mesh): a 2 s delay that
 * productpage's proxy injects into its calls to details is ranked first, named by its flag,
 * and lit on the graph; "Why slow?" starts the ranking at the node picked.
 */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  demo = await startDemoProcess({ DEMO_SCRAPE_INTERVAL: '1' });
  await writeFaultDelay(`http://127.0.0.1:${demo.ports.DEMO_KUBE_PORT}`, {
    service: 'details',
    percent: 100,
    delay: '2s',
  });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('the Delay view ranks a fault delay in the caller’s proxy first, and “Why slow?” starts at a node', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&duration=15s&refresh=10`);
  await graph.waitForNodes(['details v1', 'productpage v1']);
  await page.getByRole('button', { name: 'Delay', exact: true }).click();
  await expect(page).toHaveURL(/[?&]delay=auto(&|$)/);
  await expect(page.getByRole('button', { name: 'Delay', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  const panel = page.getByRole('region', { name: 'Where the delay comes from' });
  const ranking = panel.getByRole('list', { name: 'Contributors, largest first' });
  // Calls made before the fault was written leave the window within 15 s.
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const first = ranking.getByRole('listitem').first();
    await expect(first).toContainText('details v1 ← productpage v1 caller proxy', {
      timeout: 3_000,
    });
    await expect(first).toContainText(/fault delay injected \(DI\) on (9\d|100) % of calls/, {
      timeout: 1_000,
    });
    const share = await first.getByRole('meter').getAttribute('aria-valuenow');
    expect(Number(share)).toBeGreaterThanOrEqual(80);
  }).toPass({ timeout: 60_000 });
  await expect(panel.getByLabel('Requests into')).toHaveValue(
    'app/istio-system/istio-ingressgateway/latest',
  );
  // About 2 s: the window may still hold a few calls from before the fault.
  await expect(panel).toContainText(/Mean (1\.[5-9]|2\.\d) s over/);
  // The delay is lit on the graph: productpage's calls to details carry it.
  await expect(graph.canvas).toHaveAttribute('data-delay-edges', /^[1-9]/);
  await expect(graph.canvas).toHaveAttribute('data-delay-nodes', /^[1-9]/);

  // Ranked from traces' critical paths, the same call comes first, with traces to look at.
  await panel.getByLabel('Ranked from').selectOption('traces');
  await expect(page).toHaveURL(/[?&]delayFrom=traces(&|$)/);
  const traced = ranking.getByRole('listitem').first();
  await expect(traced).toContainText('details v1 ← productpage v1 caller proxy');
  await expect(traced).toContainText(/fault delay injected \(DI\) in \d+ of \d+ traced calls/);
  await expect(panel).toContainText(/\(\d+ of at most 200 traces\)/);
  await traced
    .getByRole('button', { name: /^trace [0-9a-f]{7}$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/[?&]trace=[0-9a-f]{32}(&|$)/);
  await expect(graph.canvas).toHaveAttribute('data-traced-edges', /^[1-9]/);
  await panel.getByLabel('Ranked from').selectOption('metrics');

  // Picking a contributor selects its node; "Why slow?" there ranks from that node.
  await ranking.getByRole('button', { name: 'productpage v1', exact: true }).click();
  await expect(page).toHaveURL(/[?&]selected=app%2Fbookinfo%2Fproductpage%2Fv1/);
  await page.getByRole('button', { name: 'Why slow?' }).click();
  await expect(page).toHaveURL(/[?&]delay=app%2Fbookinfo%2Fproductpage%2Fv1/);
  await expect(panel.getByLabel('Requests into')).toHaveValue('app/bookinfo/productpage/v1');
  await expect(ranking.getByRole('listitem').first()).toContainText(
    'details v1 ← productpage v1 caller proxy',
  );

  // The fault's VirtualService is listed as a change; comparing with before it is one click.
  const change = panel
    .getByRole('list', { name: 'Changes' })
    .getByRole('listitem')
    .filter({ hasText: 'VirtualService bookinfo/details changed' });
  await expect(change).toHaveCount(1);
  await change.getByRole('button', { name: 'Compare with before it' }).click();
  // The baseline is the window ending at the change: a moment that stays put while live.
  await expect(page).toHaveURL(/[?&]compare=\d{10}(&|$)/);
  await expect(page.getByRole('status', { name: 'Comparison' })).toContainText(
    /Compared with the window ending \d\d:\d\d UTC/,
  );
  // The fault was written as the demo started: before it, Prometheus had nothing yet.
  await expect(panel).toContainText('no requests in the baseline window');

  // On an edge, "Why slow?" starts at its callee.
  await page.goto(
    `${demo.url}/graph?namespaces=bookinfo&duration=15s&selected=${encodeURIComponent('service/bookinfo/details->app/bookinfo/details/v1:http')}`,
  );
  await page.getByRole('button', { name: 'Why slow?' }).click();
  await expect(page).toHaveURL(/[?&]delay=app%2Fbookinfo%2Fdetails%2Fv1(&|$)/);
  await expect(panel.getByLabel('Requests into')).toHaveValue('app/bookinfo/details/v1');

  // Off again: the ranking leaves the panel and the URL.
  await page.getByRole('button', { name: 'Delay', exact: true }).click();
  await expect(panel).toHaveCount(0);
  await expect(page).not.toHaveURL(/delay=/);
});

test('comparing with a baseline marks what is new, and find reads the changes', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&duration=15s&refresh=10`);
  await graph.waitForNodes(['details v1', 'productpage v1']);
  await page.getByLabel('Compare with').selectOption('5m');
  await expect(page).toHaveURL(/[?&]compare=5m(&|$)/);
  // The demo started a minute ago: five minutes before, nothing was there, so all is new.
  const banner = page.getByRole('status', { name: 'Comparison' });
  await expect(banner).toContainText(
    /Compared with 5 minutes before \(\d\d:\d\d UTC\): [1-9]\d* new/,
  );
  await expect(graph.canvas).toHaveAttribute('data-found', '0');
  await graph.searchbox('Find').fill('Δrps > 0');
  await graph.searchbox('Find').press('Enter');
  await expect(graph.canvas).toHaveAttribute('data-found', /^[1-9]/);
  await page.getByRole('button', { name: 'productpage v1', exact: true }).first().click();
  await expect(page.getByRole('complementary', { name: 'Graph details' })).toContainText(
    'New: not there 5 minutes before.',
  );
  await banner.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page).not.toHaveURL(/compare=/);

  // Replaying, the changes are moments to go to: just before the fault was written.
  await page.getByRole('button', { name: /Replay/ }).click();
  const goTo = page.getByLabel('Go to a change');
  const fault = goTo.locator('optgroup').first();
  await expect(fault).toHaveAttribute(
    'label',
    /^\d\d:\d\d VirtualService bookinfo\/details changed by \S+$/,
  );
  const before = await fault.locator('option', { hasText: 'just before it' }).getAttribute('value');
  await goTo.selectOption(before ?? '');
  await expect(page).toHaveURL(new RegExp(`[?&]time=${before}(&|$)`));
  // The same moment on the timeline: each change a marker, the moment a slider.
  const timeline = page.getByRole('group', { name: 'Replay timeline' });
  await timeline.getByRole('slider', { name: 'Replayed moment' }).press('ArrowLeft');
  await expect(page).not.toHaveURL(new RegExp(`[?&]time=${before}(&|$)`));
  // The fault was written seconds after the demo's Deployments: one marker for them all,
  // going to just before the oldest.
  const marker = timeline.getByRole('button', {
    name: /^Go to just before \d\d:\d\d UTC: .*VirtualService bookinfo\/details changed/,
  });
  await marker.click();
  await expect(page).toHaveURL(/[?&]time=\d+(&|$)/);
  expect(Number(new URL(page.url()).searchParams.get('time'))).toBeLessThanOrEqual(Number(before));
});

test('a rollout is a change: cited on the service it slowed, and a baseline to compare with', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // `kubectl patch` of the pod template: a new ReplicaSet whose pods are 500 ms slower.
  const rolledOut = await fetch(
    `http://127.0.0.1:${demo.ports.DEMO_KUBE_PORT}/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v3`,
    {
      method: 'PATCH',
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({
        spec: { template: { metadata: { annotations: { 'demo.meshlens.dev/latency': '500ms' } } } },
      }),
    },
  );
  expect(rolledOut.status).toBe(200);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&duration=15s&refresh=10&delay=auto`);
  const panel = page.getByRole('region', { name: 'Where the delay comes from' });
  const reviews = panel
    .getByRole('list', { name: 'Contributors, largest first' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('meter', { name: 'reviews v3: share of the latency' }) });
  await expect(reviews).toContainText(/reviews-v3 rolled out \d\d:\d\d UTC \(revision 2\)/, {
    timeout: 30_000,
  });
  const changes = panel.getByRole('list', { name: 'Changes' });
  await expect(changes.getByRole('listitem').first()).toContainText(
    /^\d\d:\d\d UTC: bookinfo\/reviews-v3 rolled out \(revision 2\)/,
  );

  // "Before the last change" compares with the window ending at the rollout.
  const compare = panel.getByLabel('Compare with');
  await expect(compare.locator('option', { hasText: 'Before the last change' })).toHaveAttribute(
    'title',
    'bookinfo/reviews-v3 rolled out (revision 2)',
  );
  await compare.selectOption('last-change');
  await expect(page).toHaveURL(/[?&]compare=\d{10}(&|$)/);
  const moment = Number(new URL(page.url()).searchParams.get('compare'));
  // A moment of one's own: the window ending a minute earlier.
  const picker = panel.getByLabel('Baseline moment (UTC)');
  await expect(picker).toHaveValue(new Date(moment * 1000).toISOString().slice(0, 19));
  await picker.fill(new Date((moment - 60) * 1000).toISOString().slice(0, 19));
  await expect(page).toHaveURL(new RegExp(`[?&]compare=${moment - 60}(&|$)`));
  await expect(page.getByRole('status', { name: 'Comparison' })).toContainText(
    /Compared with the window ending \d\d:\d\d UTC/,
  );
});
