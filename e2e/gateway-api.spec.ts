import { expect, test } from '@playwright/test';
import { runToExit } from '../scripts/lib/processes';
import { KUBECTL, ensureTools } from '../scripts/lib/system-deps';
import { GraphPage } from './pages/GraphPage';
import { RoutingPage } from './pages/RoutingPage';
import { seriousViolations } from './support/axe';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * Gateway API routing in the demo, on a demo of its own (it changes reviews' routing): Istio's
 * recipe adds a Service per version with kubectl, then the editor creates an HTTPRoute attached
 * to reviews (GAMMA) and the demo's traffic follows it.
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

async function kubectl(args: string[], input?: string): Promise<string> {
  const bin = ensureTools([KUBECTL], { autoInstall: false, log: () => undefined })
    .kubectl as string;
  const { code, stdout, stderr } = await runToExit(
    bin,
    ['--server', `http://127.0.0.1:${demo.ports.DEMO_KUBE_PORT}`, ...args],
    { env: { ...process.env, KUBECONFIG: '/dev/null' }, input, timeoutMs: 30_000 },
  );
  if (code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${stderr}`);
  return stdout;
}

const versionServices = ['v1', 'v2', 'v3']
  .map(
    (v) => `apiVersion: v1
kind: Service
metadata: {name: reviews-${v}, namespace: bookinfo}
spec:
  ports: [{port: 9080, name: http}]
  selector: {app: reviews, version: ${v}}`,
  )
  .join('\n---\n');

test('an HTTPRoute made in the editor sends reviews to one version’s Service, and the graph follows', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const routing = new RoutingPage(page);
  await page.goto(`${demo.url}/routing/bookinfo/reviews`);
  // Without a Service per version there is nothing for an HTTPRoute to name yet.
  await expect(routing.button('Create an HTTPRoute (Gateway API)')).toBeDisabled();
  await expect(page.getByRole('main')).toContainText('add one Service per version first');

  await kubectl(['apply', '--validate=false', '-f', '-'], versionServices);
  await page.reload();
  await routing.button('Create an HTTPRoute (Gateway API)').click();
  await expect(
    page.getByRole('heading', { name: 'HTTP routes (HTTPRoute, Gateway API)' }),
  ).toBeVisible();
  const route = routing.route(1);
  const weight = (service: string) =>
    route.getByRole('spinbutton', { name: `Weight of ${service}`, exact: true });
  // Today's balancing, each version through its own Service.
  await expect(weight('reviews-v1')).toHaveValue('34');
  await expect(weight('reviews-v3')).toHaveValue('33');
  await weight('reviews-v3').fill('100');
  await route.getByRole('button', { name: 'Remove destination reviews-v1' }).click();
  await route.getByRole('button', { name: 'Remove destination reviews-v2' }).click();
  // What the Gateway API cannot say is not offered: no fault injection, no header prefix.
  await route.getByText('Timeout, mirroring').click();
  await expect(route.getByRole('spinbutton', { name: 'Delay' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('httproute-editor.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  const applied = await routing.previewAndApply();
  expect(applied).toContain('created HTTPRoute reviews');
  expect(
    await kubectl([
      'get',
      'httproute',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'jsonpath={.spec.parentRefs[0].kind}/{.spec.parentRefs[0].name} {.spec.rules[0].backendRefs[0].name}',
    ]),
  ).toBe('Service/reviews reviews-v3');
  await expect(page.getByRole('main')).toContainText(/HTTPRoute reviews \(resourceVersion \d+\)/);

  const graph = new GraphPage(page);
  await page.goto(`${demo.url}/graph?namespaces=bookinfo&duration=15s&refresh=10`);
  await graph.waitForNodes(['reviews']);
  await graph.nodeList.getByRole('button', { name: 'reviews', exact: true }).click();
  await expect(graph.panel.getByRole('list', { name: 'Badges' })).toContainText('HTTPRoute');
  await graph.expectVersionsReached('reviews', ['reviews v3'], 60_000);
  await page.screenshot({ path: testInfo.outputPath('httproute-graph.png') });
});

test('a route from a gateway to reviews opens in the editor from reviews’ page, and only its own rules change', async ({
  page,
}, testInfo) => {
  await kubectl(
    ['apply', '--validate=false', '-f', '-'],
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bookinfo, namespace: bookinfo}
spec:
  parentRefs: [{name: bookinfo-gateway}]
  hostnames: [bookinfo.example.com]
  rules:
  - matches: [{path: {type: Exact, value: /productpage}}]
    backendRefs: [{name: productpage, port: 9080}]
  - matches: [{path: {type: PathPrefix, value: /reviews}}]
    backendRefs: [{name: reviews-v1, port: 9080}]`,
  );
  const routing = new RoutingPage(page);
  await page.goto(`${demo.url}/routing/bookinfo/reviews`);
  const routes = page.getByRole('navigation', { name: 'Routes to this service' });
  await routes.getByRole('link', { name: 'HTTPRoute bookinfo' }).click();
  await expect(page).toHaveURL(/\?httpRoute=bookinfo$/);
  await expect(routes).toContainText(
    'Editing HTTPRoute bookinfo, attached to Gateway bookinfo/bookinfo-gateway.',
  );
  // Its two rules, the productpage one included; the reviews one gets a second version.
  await expect(routing.route(2)).toBeVisible();
  await routing.route(2).getByRole('button', { name: 'Add destination' }).click();
  await expect(routing.button('Remove all routing')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('gateway-route.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  const applied = await routing.previewAndApply();
  expect(applied).toContain('replaced HTTPRoute bookinfo');
  expect(
    await kubectl([
      'get',
      'httproute',
      'bookinfo',
      '-n',
      'bookinfo',
      '-o',
      'jsonpath={.spec.parentRefs[0].name} {.spec.rules[0].backendRefs[*].name} | {.spec.rules[1].backendRefs[*].name}',
    ]),
  ).toBe('bookinfo-gateway productpage | reviews-v1 reviews-v2');
});
