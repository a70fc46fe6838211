import { expect, test } from '@playwright/test';
import { runToExit } from '../scripts/lib/processes';
import { KUBECTL, ensureTools } from '../scripts/lib/system-deps';
import { GraphPage } from './pages/GraphPage';
import { seriousViolations } from './support/axe';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * Validations across Istio objects, on a demo of its own (it breaks reviews' routing): a
 * VirtualService routing to a subset no DestinationRule defines, applied with kubectl, shows
 * its error on the Istio config list, the service's routing page and the graph; fixed, it is
 * valid again within a refresh.
 */
let demo: DemoProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemoProcess({ DEMO_SCRAPE_INTERVAL: '2' });
});

test.afterAll(async () => {
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

async function kubectlApply(yaml: string): Promise<void> {
  const bin = ensureTools([KUBECTL], { autoInstall: false, log: () => undefined })
    .kubectl as string;
  const { code, stderr } = await runToExit(
    bin,
    [
      '--server',
      `http://127.0.0.1:${demo.ports.DEMO_KUBE_PORT}`,
      'apply',
      '--validate=false',
      '-f',
      '-',
    ],
    { env: { ...process.env, KUBECONFIG: '/dev/null' }, input: yaml, timeoutMs: 30_000 },
  );
  if (code !== 0) throw new Error(`kubectl apply: ${stderr}`);
}

const routing = (subset: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - {destination: {host: reviews, subset: v1}, weight: 50}
    - {destination: {host: reviews, subset: ${subset}}, weight: 50}`;

test('a VirtualService routing to an undefined subset: its error on the list, the routing page and the graph, until fixed', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await kubectlApply(routing('v4'));

  // The Istio config list, in the URL's namespace.
  await page.goto(`${demo.url}/istio?namespaces=bookinfo`);
  const table = page.getByRole('table', { name: 'Istio config' });
  // A row is named by its cells: name, namespace, kind, validation, checks.
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = (kind: string, name: string) =>
    table.getByRole('row', { name: new RegExp(`^${escape(name)} bookinfo ${escape(kind)} `) });
  await expect(row('VirtualService', 'reviews')).toContainText('1 error');
  await expect(row('VirtualService', 'reviews')).toContainText(
    'KIA1107 Error spec.http[0].route[1].destination: Subset v4 of reviews is not defined by DestinationRule bookinfo/reviews (it defines v1, v2)',
  );
  await expect(row('DestinationRule', 'reviews')).toContainText('Valid');
  // Both of Bookinfo's entrances are listed, each kind named apart.
  await expect(row('Gateway (Gateway API)', 'bookinfo-gateway')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /objects in bookinfo/ })).toContainText(
    '1 with errors',
  );
  // Errors only, in the URL.
  await page.getByRole('combobox', { name: 'Validation' }).selectOption('error');
  await expect(page).toHaveURL(/status=error/);
  await expect(table.getByRole('row')).toHaveCount(2); // the header and the VirtualService
  await page.screenshot({ path: testInfo.outputPath('istio-config-list.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // Its name opens its page: the same check, its spec, the service it routes.
  await table.getByRole('link', { name: 'reviews' }).click();
  await expect(page).toHaveURL(/\/istio\/bookinfo\/VirtualService\/reviews$/);
  await expect(page.getByRole('region', { name: 'Validation' })).toContainText('KIA1107 Error');
  await expect(page.getByRole('region', { name: 'Spec' })).toContainText('subset: v4');
  expect(await seriousViolations(page)).toEqual([]);
  // From there, its service's routing page, which says the same.
  await page.getByRole('link', { name: 'Edit the routing of reviews' }).click();
  await expect(page).toHaveURL(/\/routing\/bookinfo\/reviews$/);
  await expect(page.getByRole('region', { name: 'Istio config checks' })).toContainText(
    'KIA1107 Error',
  );

  // The service's page lists it among the config that applies, with the same check.
  await page.goto(`${demo.url}/namespaces/bookinfo/services/reviews`);
  const config = page.getByRole('table', { name: 'Istio config' });
  await expect(
    config.getByRole('row', { name: /^reviews bookinfo VirtualService / }),
  ).toContainText('KIA1107 Error');

  // The lists badge what routes it: the service, and each workload behind it.
  await page.goto(`${demo.url}/services?namespaces=bookinfo`);
  const reviewsRow = page
    .getByRole('table', { name: 'Services' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'reviews', exact: true }) });
  await expect(reviewsRow.getByRole('link', { name: 'DR VS 1 error' })).toBeVisible();
  await page.goto(`${demo.url}/workloads?namespaces=bookinfo`);
  const workloadRow = page
    .getByRole('table', { name: 'Workloads' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'reviews-v2', exact: true }) });
  await expect(workloadRow.getByRole('link', { name: 'DR VS 1 error' })).toHaveAttribute(
    'href',
    '/routing/bookinfo/reviews',
  );

  // The graph marks the service.
  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&refresh=10`);
  await graph.waitForNodes(['reviews']);
  await graph.nodeList.getByRole('button', { name: 'reviews', exact: true }).click();
  await expect(graph.panel.getByRole('list', { name: 'Badges' })).toContainText('config error');

  // Fixed with kubectl: valid again within a refresh of the list.
  await kubectlApply(routing('v2'));
  await page.goto(`${demo.url}/istio?namespaces=bookinfo`);
  await expect(row('VirtualService', 'reviews')).toContainText('Valid', { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: /objects in bookinfo/ })).toContainText(
    '0 with errors',
  );
});
