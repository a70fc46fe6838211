import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** Asks the OS for a free loopback TCP port. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves when `port` can be bound on `host`, rejects with a clear message when it is taken. */
export function assertPortFree(port: number, what: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is already in use on ${host}; stop what is using it or pick another port`
            : `cannot listen on ${host}:${port} (${what}): ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Polls `url` until it answers 2xx, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited with code ${child.exitCode} before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Starts a server (Prometheus, VictoriaMetrics) listening at `url` and resolves once
 * `url + readyPath` answers. The returned `stop` ends it and removes its `workDir`; a server
 * that never gets ready is stopped, and the error carries its output.
 */
export async function startLocalServer(options: {
  what: string;
  bin: string;
  args: string[];
  url: string;
  readyPath: string;
  workDir: string;
  echo?: (line: string) => void;
}): Promise<() => Promise<void>> {
  const managed = startManaged(options.bin, options.args, { echo: options.echo });
  const stop = async (): Promise<void> => {
    await managed.stop();
    rmSync(options.workDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${options.url}${options.readyPath}`, 20_000, managed.child);
  } catch (error) {
    await stop();
    throw new Error(
      `${options.what} did not start: ${error instanceof Error ? error.message : String(error)}\n${managed.output()}`,
    );
  }
  return stop;
}

/** A child process whose output is kept (last lines) for error messages. */
export interface Managed {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns a child, collects its output, and stops it with SIGTERM (then SIGKILL after 5 s). */
export function startManaged(
  command: string,
  args: string[],
  options: SpawnOptions & { echo?: (line: string) => void } = {},
): Managed {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.echo?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => lines.join('\n'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion without blocking the event loop (tests host servers in the
 * same process, so a synchronous spawn could deadlock against them).
 */
export function runToExit(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(options.input ?? '');
  });
}

/** `npm run demo` as a child on a free port, for scripts that drive it (screenshots, soak). */
export interface RunningDemo {
  /** The dashboard's base URL. */
  url: string;
  /** Its last output lines, for error messages. */
  output: () => string;
  /** Ctrl-C, as a person would: the demo stops Prometheus and the mesh with it. */
  stop: () => Promise<void>;
}

/** Starts the demo (building first if sources changed) and waits until it is ready. */
export async function startDemo(
  root: string,
  log: (line: string) => void,
  /** More settings for the demo (a synthetic mesh, fixed ports, timeouts). */
  env: Record<string, string> = {},
): Promise<RunningDemo> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  log(`starting the demo on ${url}…`);
  const demo = startManaged(
    process.execPath,
    [`${root}/scripts/bootstrap.mjs`, 'scripts/demo.ts'],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  // Ctrl-C and wait: the demo stops the dashboard and Prometheus first, which can take more
  // than the 5 s after which `Managed.stop` would SIGKILL it and orphan them.
  const stop = () =>
    new Promise<void>((resolve) => {
      if (demo.child.exitCode !== null || demo.child.signalCode !== null) return resolve();
      const killer = setTimeout(() => demo.child.kill('SIGKILL'), 60_000);
      demo.child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      demo.child.kill('SIGINT');
    });
  try {
    await waitForHttp(`${url}/api/readyz`, 240_000, demo.child);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${demo.output()}`);
  }
  return { url, output: demo.output, stop };
}
