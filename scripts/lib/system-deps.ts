import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program we need and the Debian package that provides it. */
export interface SystemTool {
  bin: string;
  aptPackage: string;
  /** Another place to look, e.g. an env var naming the executable. */
  override?: string;
}

export const PROMETHEUS: SystemTool = {
  bin: 'prometheus',
  aptPackage: 'prometheus',
  override: process.env.PROMETHEUS_BIN,
};
export const PROMTOOL: SystemTool = {
  bin: 'promtool',
  aptPackage: 'prometheus',
  override: process.env.PROMTOOL_BIN,
};
/** A second implementation of Prometheus' query API, to prove compatibility (TOOLCHAIN.md). */
export const VICTORIA_METRICS: SystemTool = {
  bin: 'victoria-metrics',
  aptPackage: 'victoria-metrics',
  override: process.env.VICTORIA_METRICS_BIN,
};
/** Headless Chromium on two cores without network chatter (TOOLCHAIN.md): tests and screenshots. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM: SystemTool = {
  bin: 'chromium',
  aptPackage: 'chromium',
  override: process.env.CHROMIUM_PATH,
};
// Any kubectl on PATH will do; Debian's kubernetes-client is the fallback.
export const KUBECTL: SystemTool = {
  bin: 'kubectl',
  aptPackage: 'kubernetes-client',
  override: process.env.KUBECTL_BIN,
};

/** Finds an executable on PATH (or at the override path). */
export function findExecutable(tool: SystemTool): string | undefined {
  const candidates = [
    ...(tool.override ? [tool.override] : []),
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, tool.bin)),
  ];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const installCommand = (packages: string[]): string =>
  `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;

/**
 * Makes sure every tool is installed. Missing ones are installed with apt-get when we run as
 * root on a Debian-like system, `autoInstall` is on and MESHLENS_AUTO_INSTALL is not `false`;
 * otherwise throws a message with the exact command to run.
 */
export function ensureTools(
  tools: SystemTool[],
  options: { autoInstall: boolean; log: (line: string) => void },
): Record<string, string> {
  const missing = () => tools.filter((t) => !findExecutable(t));
  let absent = missing();
  if (absent.length === 0) return resolveAll(tools);
  const packages = [...new Set(absent.map((t) => t.aptPackage))];
  const canInstall =
    options.autoInstall && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    options.log(`Installing ${packages.join(', ')} with apt-get (about a minute)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    const install = spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', ...packages],
      { stdio: 'inherit', env },
    );
    if (update.status !== 0 || install.status !== 0)
      options.log('apt-get did not finish cleanly; checking what is there.');
    absent = missing();
  }
  if (absent.length > 0) {
    throw new Error(
      `missing ${absent.map((t) => t.bin).join(', ')}. Install with:\n  ${installCommand([...new Set(absent.map((t) => t.aptPackage))])}`,
    );
  }
  return resolveAll(tools);
}

function resolveAll(tools: SystemTool[]): Record<string, string> {
  return Object.fromEntries(tools.map((t) => [t.bin, findExecutable(t) as string]));
}
