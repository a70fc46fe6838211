import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/GraphPage';
import { seriousViolations } from './support/axe';

test('the ingress gateway shows its Gateway’s listeners, and the certificate that expires soon', async ({
  page,
}, testInfo) => {
  const graph = new GraphPage(page);
  await graph.goto('namespaces=bookinfo,istio-system&graphType=workload');
  await graph.waitForNodes(['istio-ingressgateway']);
  await graph.nodeList.getByRole('button', { name: 'istio-ingressgateway', exact: true }).click();
  const badges = graph.panel.getByRole('list', { name: 'Badges' });
  await expect(badges).toContainText('gateway');
  await expect(badges).toContainText('cert expiring');
  const listeners = graph.panel.getByRole('list', {
    name: 'Listeners of Istio Gateway bookinfo/bookinfo-gateway',
  });
  await expect(listeners.getByRole('listitem')).toHaveCount(2);
  await expect(listeners.getByRole('listitem').nth(0)).toHaveText('80 HTTP (http) · hosts *');
  // The demo's certificate expires 10 days after it started.
  await expect(listeners.getByRole('listitem').nth(1)).toHaveText(
    /^443 HTTPS \(https\) · hosts bookinfo\.example\.comTLS SIMPLE · Secret istio-system\/bookinfo-credential · expires \d{4}-\d\d-\d\d, in 10 days · renew it$/,
  );
  await page.screenshot({ path: testInfo.outputPath('gateway-panel.png') });
  expect(await seriousViolations(page)).toEqual([]);
});
