import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  freePort,
  runToExit,
  startManaged,
  waitForHttp,
  type Managed,
} from '../scripts/lib/processes';
import { GraphPage } from './pages/GraphPage';

/**
 * Meshlens behind a reverse proxy under /meshlens: a build with BASE_PATH=/meshlens (in a copy
 * of the sources, so the main build stays as it is), served against the demo's backends.
 */
const PREFIX = '/meshlens';
const root = resolve(__dirname, '..');
let dir: string;
let server: Managed;
let base: string;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(240_000);
  // Inside the repository (test-results/ is ignored by git, ESLint and Prettier) so Turbopack's
  // workspace root, the directory of the lockfile, holds both the copy and node_modules.
  mkdirSync(join(root, 'test-results'), { recursive: true });
  dir = mkdtempSync(join(root, 'test-results', 'prefix-build-'));
  for (const entry of [
    'app',
    'components',
    'lib',
    'public',
    'proxy.ts',
    'instrumentation.ts',
    'next.config.js',
    'next-env.d.ts',
    'package.json',
    'tsconfig.json',
    'scripts',
  ])
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const build = await runToExit('npm', ['run', 'build'], {
    cwd: dir,
    env: { ...process.env, BASE_PATH: PREFIX, NEXT_TELEMETRY_DISABLED: '1' },
    timeoutMs: 200_000,
  });
  expect(build.code, build.stderr.slice(-2000)).toBe(0);
  // The standalone output mirrors the path below the workspace root; put the assets beside it.
  const standalone = join(dir, '.next/standalone', relative(root, dir));
  cpSync(join(dir, '.next/static'), join(standalone, '.next/static'), { recursive: true });
  cpSync(join(dir, 'public'), join(standalone, 'public'), { recursive: true });

  // The same backends as the main demo: read them from its readiness report.
  const ready = (await (await fetch(`${baseURL}/api/readyz`)).json()) as {
    backends: { backend: string; url?: string }[];
  };
  const url = (name: string) =>
    ready.backends.find((b) => b.backend === name)?.url?.replace(/\/$/, '') ?? '';
  const port = await freePort();
  server = startManaged(process.execPath, [join(standalone, 'server.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      PROMETHEUS_URL: url('prometheus'),
      KUBE_API_URL: url('kubernetes'),
      TRACING_URL: url('tracing'),
    },
  });
  base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}${PREFIX}/api/healthz`, 30_000, server.child).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\n${server.output()}`);
    },
  );
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('everything is served under the prefix: pages, API and assets, and links keep it', async ({
  page,
}) => {
  expect((await fetch(`${base}${PREFIX}/api/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/api/healthz`)).status).toBe(404);

  const graph = new GraphPage(page);
  const assets: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/_next/static/'))
      assets.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await page.goto(`${base}${PREFIX}/graph?namespaces=bookinfo`);
  await graph.waitForNodes(['reviews v2']);
  expect(assets.length).toBeGreaterThan(0);
  for (const asset of assets) expect(asset).toMatch(new RegExp(`^200 ${PREFIX}/_next/static/`));

  // Client-side API calls and links carry the prefix: open a node's traces, then a trace.
  await graph.nodeList.getByRole('button', { name: 'reviews v2', exact: true }).click();
  await graph.panel.getByRole('tab', { name: 'Traces' }).click();
  const first = graph.panel.getByRole('list', { name: 'Traces found' }).getByRole('link').first();
  await expect(first).toHaveAttribute('href', new RegExp(`^${PREFIX}/traces/[0-9a-f]{32}\\?back=`));
  await first.click();
  await expect(page).toHaveURL(new RegExp(`^${base}${PREFIX}/traces/`));
  await expect(page.getByRole('tree', { name: /^Spans of trace/ })).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(`${base}${PREFIX}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});
