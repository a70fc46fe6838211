import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runToExit } from './lib/processes';

const root = resolve(__dirname, '..');

/** Runs `npm run demo`'s entry point with the given environment until it exits. */
const demo = (env: Record<string, string>) =>
  runToExit(process.execPath, [join(root, 'scripts/bootstrap.mjs'), 'scripts/demo.ts'], {
    cwd: root,
    env: { ...process.env, MESHLENS_AUTO_INSTALL: 'false', ...env },
  });

const lines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

describe('npm run demo refuses to start, with one clear line', () => {
  let blocker: Server | undefined;

  afterEach(async () => {
    await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
    blocker = undefined;
  });

  it('on a bad demo setting', async () => {
    const { code, stderr } = await demo({ DEMO_RATE: 'fast' });
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual([
      'meshlens demo: Invalid configuration: DEMO_RATE: expected a number of requests per second, got "fast"',
    ]);
  });

  it('on a bad dashboard setting', async () => {
    const { code, stderr } = await demo({ PORT: '99999' });
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual([
      'meshlens demo: Invalid configuration: PORT: expected a port from 1 to 65535, got "99999"',
    ]);
  });

  it('when the dashboard port is taken', async () => {
    blocker = createServer();
    const port = await new Promise<number>((r) =>
      blocker?.listen(0, '127.0.0.1', () => r((blocker?.address() as { port: number }).port)),
    );
    const { code, stderr } = await demo({ PORT: String(port) });
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual([
      `[demo] port ${port} (PORT, the dashboard) is already in use on 127.0.0.1; stop what is using it or pick another port`,
    ]);
  });

  it('when Prometheus is not installed, naming the install command', async () => {
    // A PATH with node and nothing else.
    const bin = mkdtempSync(join(tmpdir(), 'meshlens-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const { code, stderr } = await demo({ PATH: bin, PROMETHEUS_BIN: '' }).finally(() =>
      rmSync(bin, { recursive: true }),
    );
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual([
      '[demo] missing prometheus. Install with:',
      '  sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus',
    ]);
  });
});
