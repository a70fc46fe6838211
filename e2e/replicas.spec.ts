import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { standaloneServerArgs } from '../scripts/lib/build';
import { freePort } from '../scripts/lib/processes';
import { startDemoProcess, type DemoProcess } from './support/demo-process';

/**
 * Two replicas of the dashboard behind one Kubernetes API, as a Deployment with `replicas: 2`
 * runs them: a session from one works on the other (one SESSION_SECRET), and signing out on
 * one signs out on both (the ConfigMap named by SESSION_REVOCATION_CONFIGMAP).
 */
const root = resolve(__dirname, '..');
const AUTH_ENV = {
  DEMO_AUTH: 'true',
  AUTH_STRATEGY: 'token',
  SESSION_SECRET: 'e2e-session-secret-shared-by-both-replicas',
  SESSION_REVOCATION_CONFIGMAP: 'istio-system/meshlens-sign-outs',
  KUBE_TOKEN: 'demo-meshlens-token',
};

let demo: DemoProcess;
let second: ChildProcess;
let secondUrl: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemoProcess(AUTH_ENV);
  const port = await freePort();
  secondUrl = `http://127.0.0.1:${port}`;
  second = spawn(process.execPath, standaloneServerArgs(root), {
    cwd: root,
    env: {
      ...process.env,
      ...AUTH_ENV,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      PROMETHEUS_URL: `http://127.0.0.1:${demo.ports.DEMO_PROMETHEUS_PORT}`,
      KUBE_API_URL: `http://127.0.0.1:${demo.ports.DEMO_KUBE_PORT}`,
      VIEW_ONLY: 'false',
    },
    stdio: 'ignore',
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${secondUrl}/api/healthz`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 30_000 },
    )
    .toBe(200);
});

test.afterAll(async () => {
  second?.kill('SIGTERM');
  demo?.child.kill('SIGINT');
  await demo?.exited;
});

test('signing out on one replica signs out on the other', async ({ page, request }) => {
  await page.goto(`${demo.url}/login?next=${encodeURIComponent('/graph?namespaces=bookinfo')}`);
  await page.getByRole('textbox', { name: 'Token' }).fill('demo-viewer-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${demo.url}/graph?namespaces=bookinfo`);

  // The same cookie, presented to the other replica.
  const cookie = (await page.context().cookies(demo.url)).find(
    (c) => c.name === 'meshlens_session',
  );
  expect(cookie).toBeDefined();
  const headers = { cookie: `meshlens_session=${cookie?.value}` };
  const onSecond = () => request.get(`${secondUrl}/api/namespaces`, { headers });
  expect((await onSecond()).status()).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${demo.url}/login`);

  // The other replica learns of it from the shared record within its refresh (2 s).
  await expect.poll(async () => (await onSecond()).status(), { timeout: 6_000 }).toBe(401);
  const pageOnSecond = await request.get(`${secondUrl}/graph`, { headers, maxRedirects: 0 });
  expect(pageOnSecond.status()).toBe(307);
  expect(pageOnSecond.headers().location).toContain('/login?next=');
});
