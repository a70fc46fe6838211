import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** The pid of this demo's Prometheus (found by its listen address, unique to this demo). */
export function prometheusPid(demo: DemoProcess): number {
  const out = execFileSync('pgrep', [
    '-f',
    `web.listen-address=127.0.0.1:${demo.ports.DEMO_PROMETHEUS_PORT}`,
  ]);
  return Number(out.toString().trim().split('\n')[0]);
}

/**
 * The pid of the process that runs this demo's mesh (its Kubernetes API, metrics and tracing):
 * Prometheus' parent.
 */
export function meshPid(demo: DemoProcess): number {
  const stat = readFileSync(`/proc/${prometheusPid(demo)}/stat`, 'utf8');
  // Field 4 is the parent pid; field 2, the command, is in parentheses and may hold spaces.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
