import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { isListening, startDemoProcess } from './support/demo-process';
import { freePort } from '../scripts/lib/processes';

/**
 * Process-level behaviour of the production server and of `npm run demo`. These need the
 * production build, which the e2e web server (npm run demo) has made before tests start.
 */
const root = resolve(__dirname, '..');

function collect(child: ChildProcess): {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
  };
}

for (const [name, env, line] of [
  [
    'a bad variable',
    { PROMETHEUS_URL: 'prometheus:9090' },
    'meshlens: Invalid configuration: PROMETHEUS_URL: expected an http(s) URL of the Prometheus server, got "prometheus:9090"',
  ],
  [
    'a health file that is not there',
    { HEALTH_CONFIG: '/nonexistent/health.json' },
    /^meshlens: Invalid configuration: HEALTH_CONFIG: cannot read \/nonexistent\/health\.json as JSON \(ENOENT/,
  ],
] as const) {
  test(`the production server stops at start-up with one line naming ${name}`, async () => {
    const server = join(root, '.next/standalone/server.js');
    expect(existsSync(server)).toBe(true);
    const child = spawn(process.execPath, [server], {
      env: {
        ...process.env,
        PORT: String(await freePort()),
        HOSTNAME: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
        ...env,
      },
    });
    const output = collect(child);
    const code = await Promise.race([
      output.exited,
      new Promise((r) => setTimeout(() => r('still running'), 15_000)),
    ]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(1);
    const lines = output.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
}

for (const [what, signals] of [
  ['Ctrl-C', 1],
  // A terminal's Ctrl-C reaches the demo directly and through bootstrap.mjs: the second
  // signal must not cut the first one's cleanup short.
  ['two Ctrl-C at once', 2],
] as const) {
  test(`npm run demo stops the dashboard, Prometheus and the mesh on ${what}`, async () => {
    test.setTimeout(90_000);
    const demo = await startDemoProcess();
    for (const port of Object.values(demo.ports)) expect(await isListening(port)).toBe(true);

    for (let i = 0; i < signals; i += 1) demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    for (const port of Object.values(demo.ports)) expect(await isListening(port)).toBe(false);
    const dataDir = /data in (\S+)\)/.exec(demo.stdout())?.[1];
    expect(dataDir && existsSync(dataDir)).toBe(false);
  });
}
