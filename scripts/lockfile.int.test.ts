import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToExit } from './lib/processes';

/**
 * `npm ci` on a fresh clone, under the npm of Node 20 (10) and of Node 24 (11). npm 11 rejects
 * a lockfile that lacks another platform's optional binaries (npm/cli#4828), so a lockfile
 * written on one machine must list every platform's. `--dry-run` resolves the whole tree
 * against the lockfile without downloading a package.
 */
const root = join(__dirname, '..');
const clone = mkdtempSync(join(tmpdir(), 'meshlens-lock-'));
// npm ci reads these two files and nothing else of the clone.
for (const file of ['package.json', 'package-lock.json']) {
  copyFileSync(join(root, file), join(clone, file));
}
afterAll(() => rmSync(clone, { recursive: true, force: true }));

interface LockPackage {
  optionalDependencies?: Record<string, string>;
}

describe('package-lock.json', () => {
  it("lists every platform's optional packages", () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockPackage>;
    };
    const missing = Object.values(lock.packages)
      .flatMap((pkg) => Object.keys(pkg.optionalDependencies ?? {}))
      .filter((name) => !(`node_modules/${name}` in lock.packages));
    expect(missing).toEqual([]);
    // The binaries that npm 11 missed before: Next.js' compiler for macOS and Windows.
    expect(lock.packages).toHaveProperty(['node_modules/@next/swc-darwin-arm64']);
    expect(lock.packages).toHaveProperty(['node_modules/@next/swc-win32-x64-msvc']);
  });

  it.each(['10', '11'])(
    'passes `npm ci --dry-run` with npm %s',
    async (major) => {
      const { code, stdout, stderr } = await runToExit(
        'npx',
        ['--yes', `npm@${major}`, 'ci', '--dry-run', '--no-audit', '--no-fund', '--ignore-scripts'],
        { cwd: clone, timeoutMs: 110_000 },
      );
      expect(code, `${stdout}\n${stderr}`).toBe(0);
    },
    120_000,
  );
});
