import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import { freePort } from '../../scripts/lib/processes';

const root = resolve(__dirname, '../..');

/** A separate `npm run demo` on fixed free ports, for tests that stop parts of it. */
export interface DemoProcess {
  child: ChildProcess;
  ports: {
    PORT: number;
    DEMO_PROMETHEUS_PORT: number;
    DEMO_KUBE_PORT: number;
    DEMO_METRICS_PORT: number;
  };
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

export const isListening = (port: number): Promise<boolean> =>
  new Promise((resolveCheck) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveCheck(true);
    });
    socket.once('error', () => resolveCheck(false));
  });

/** Starts the demo (built already by the e2e web server) and waits until it is ready. */
export async function startDemoProcess(env: Record<string, string> = {}): Promise<DemoProcess> {
  const ports = {
    PORT: await freePort(),
    DEMO_PROMETHEUS_PORT: await freePort(),
    DEMO_KUBE_PORT: await freePort(),
    DEMO_METRICS_PORT: await freePort(),
  };
  const child = spawn(process.execPath, [join(root, 'scripts/bootstrap.mjs'), 'scripts/demo.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', () => undefined);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${ports.PORT}`;
  await expect.poll(() => stdout, { timeout: 60_000 }).toContain(`Meshlens demo is ready: ${url}`);
  return { child, ports, url, stdout: () => stdout, exited };
}
