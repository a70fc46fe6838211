// Entry point of `npm run demo`, `npm test` and `npm run bench`: installs the npm dependencies on a fresh
// clone (or after package-lock.json changed), then runs the TypeScript script with tsx's loader.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Leading `--flags` are Node options for the script (e.g. --conditions=react-server).
const argv = process.argv.slice(2);
const nodeFlags = [];
while (argv[0]?.startsWith('--')) nodeFlags.push(argv.shift());
const [script, ...args] = argv;
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs [--node-flag…] <script.ts> [args…]');
  process.exit(2);
}

const installed = join(root, 'node_modules/.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('[bootstrap] Installing npm dependencies…');
  // `npm ci` installs exactly the locked tree; the lockfile lists every platform's optional
  // binaries (scripts/lockfile.int.test.ts), so npm 10 and 11 both accept it.
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    // Playwright drives Debian's Chromium; it must never download a browser of its own.
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('[bootstrap] npm ci failed; see above.');
    process.exit(result.status ?? 1);
  }
}

// tsx as a loader in one Node process, not its CLI: the CLI is a second process that relays
// signals, and two SIGINTs at once (a terminal's Ctrl-C reaches every process of the group,
// and this one forwards it too) made it SIGKILL the script mid-cleanup, orphaning Prometheus.
const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsx, ...nodeFlags, join(root, script), ...args],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
