import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'instrumentation.ts',
  'proxy.ts',
  'scripts/peer-address.cjs',
  'scripts/postbuild.mjs',
  'next.config.js',
  'package.json',
  'tsconfig.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stat.mtimeMs,
  );
}

/** True when the production build is missing or older than any source file, or BASE_PATH changed. */
export function buildIsStale(root: string): boolean {
  const marker = join(root, '.next/standalone/server.js');
  if (!existsSync(marker)) return true;
  const builtAt = statSync(join(root, '.next/BUILD_ID')).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > builtAt);
}

/** Runs `npm run build`, streaming its output; throws when it fails. */
export function runBuild(root: string): void {
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

/**
 * Node's arguments for the production server of the build in `root`: the standalone
 * `server.js` with `peer-address.cjs` preloaded, as `npm start` and the image run it.
 */
export function standaloneServerArgs(root: string): string[] {
  const standalone = join(root, '.next/standalone');
  return ['--require', join(standalone, 'peer-address.cjs'), join(standalone, 'server.js')];
}
