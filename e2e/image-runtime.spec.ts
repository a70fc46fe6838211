import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, startManaged, waitForHttp, type Managed } from '../scripts/lib/processes';

/**
 * The runtime stage of the Dockerfile, without Docker (which cannot run here): the standalone
 * output in a directory the server cannot write, run as uid 65532 with only .next/cache
 * writable, started the way the image starts it (`node --require ./peer-address.cjs server.js`).
 */
const UID = 65532;
const root = resolve(__dirname, '..');
let dir: string;
let server: Managed;
let base: string;

test.skip(process.getuid?.() !== 0, 'switching to uid 65532 needs root');

test.beforeAll(async ({ baseURL }) => {
  dir = mkdtempSync(join(tmpdir(), 'meshlens-image-'));
  chmodSync(dir, 0o755);
  cpSync(join(root, '.next/standalone'), join(dir, 'app'), { recursive: true });
  // What the Deployment mounts as an emptyDir; everything else stays root's, read-only to us.
  mkdirSync(join(dir, 'app/.next/cache'), { recursive: true });
  chownSync(join(dir, 'app/.next/cache'), UID, UID);

  const ready = (await (await fetch(`${baseURL}/api/readyz`)).json()) as {
    backends: { backend: string; url?: string }[];
  };
  const url = (name: string) =>
    ready.backends.find((b) => b.backend === name)?.url?.replace(/\/$/, '') ?? '';
  const port = await freePort();
  server = startManaged(
    'setpriv',
    [
      '--reuid',
      String(UID),
      '--regid',
      String(UID),
      '--clear-groups',
      '--',
      process.execPath,
      '--require',
      './peer-address.cjs',
      'server.js',
    ],
    {
      cwd: join(dir, 'app'),
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        PROMETHEUS_URL: url('prometheus'),
        KUBE_API_URL: url('kubernetes'),
      },
    },
  );
  base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/healthz`, 30_000, server.child).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${server.output()}`);
  });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the standalone server runs as uid 65532 from a directory it cannot write, and serves the app', async ({
  page,
}) => {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  // setpriv execs node in place: the same process, now uid 65532.
  expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(UID));
  expect((await fetch(`${base}/api/readyz`)).status).toBe(200);
  await page.goto(`${base}/?theme=dark`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(server.output()).not.toMatch(/EACCES|EROFS/);
});
