import 'server-only';
import { readFile, stat } from 'node:fs/promises';
import { Agent } from 'undici';
import type { ConnectionSettings, Secret } from './connection-settings';
import { UpstreamError, redactUrl, type Upstream } from './errors';

/**
 * A file's trimmed content, read again when its modification time or size changes (checked at
 * most every `checkEveryMs`): Kubernetes swaps a projected token's file for a new one before
 * the old token expires, and a client that read it once would start failing an hour later.
 */
export class WatchedFile {
  private content: string | undefined;
  private version = '';
  private checkedAt = -Infinity;
  /** Counts the contents read: what a consumer compares to know the file changed. */
  generation = 0;

  constructor(
    readonly path: string,
    private readonly checkEveryMs = 1_000,
  ) {}

  async read(nowMs = Date.now()): Promise<string> {
    if (this.content !== undefined && nowMs - this.checkedAt < this.checkEveryMs)
      return this.content;
    const info = await stat(this.path);
    this.checkedAt = nowMs;
    const version = `${info.mtimeMs}:${info.size}:${info.ino}`;
    if (this.content === undefined || version !== this.version) {
      this.content = (await readFile(this.path, 'utf8')).trim();
      this.version = version;
      this.generation += 1;
    }
    return this.content;
  }
}

/** A secret's current value: fixed, or the watched file's content. */
function secretReader(secret: Secret): () => Promise<string> {
  if ('value' in secret) return async () => secret.value;
  const file = new WatchedFile(secret.file);
  return () => file.read();
}

/**
 * TLS settings as an undici dispatcher, rebuilt when a certificate file changes (cert-manager
 * renews client certificates in place); undefined when the defaults apply.
 */
function tlsDispatcher(tls: ConnectionSettings['tls']): (() => Promise<Agent>) | undefined {
  const files = [tls.caFile, tls.certFile, tls.keyFile].map((path) =>
    path ? new WatchedFile(path, 10_000) : undefined,
  );
  if (!files.some(Boolean) && !tls.insecureSkipVerify) return undefined;
  let agent: { key: string; value: Agent } | undefined;
  return async () => {
    const [ca, cert, key] = await Promise.all(files.map((file) => file?.read()));
    // Which reads of the files the agent holds: a CA bundle is too large to compare per call.
    const fingerprint = files.map((file) => file?.generation ?? 0).join(':');
    if (agent?.key !== fingerprint) {
      void agent?.value.close().catch(() => undefined);
      agent = {
        key: fingerprint,
        value: new Agent({
          connect: {
            ...(ca ? { ca } : {}),
            ...(cert ? { cert } : {}),
            ...(key ? { key } : {}),
            rejectUnauthorized: !tls.insecureSkipVerify,
          },
        }),
      };
    }
    return agent.value;
  };
}

/**
 * A `fetch` that sends what `settings` configure with every call: the Authorization header
 * (bearer token or basic auth, read from their files when they change), extra headers, and
 * TLS (a CA bundle, a client certificate, or no verification). A file that cannot be read
 * fails the call with an error naming the backend and the file, never its content.
 */
export function connectedFetch(
  upstream: Upstream,
  settings: ConnectionSettings,
  baseFetch: typeof fetch = fetch,
): typeof fetch {
  const bearer = settings.bearerToken && secretReader(settings.bearerToken);
  const basic = settings.basicAuth && {
    username: settings.basicAuth.username,
    password: secretReader(settings.basicAuth.password),
  };
  const dispatcher = tlsDispatcher(settings.tls);
  const extra = Object.entries(settings.headers);
  if (!bearer && !basic && !dispatcher && extra.length === 0) return baseFetch;

  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers);
    for (const [name, value] of extra) headers.set(name, value);
    let tlsAgent: Agent | undefined;
    try {
      if (bearer) headers.set('authorization', `Bearer ${await bearer()}`);
      if (basic) {
        const pair = `${basic.username}:${await basic.password()}`;
        headers.set('authorization', `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`);
      }
      tlsAgent = await dispatcher?.();
    } catch (cause) {
      throw new UpstreamError(
        `cannot read the configured credentials: ${cause instanceof Error ? describeFileError(cause) : 'unknown error'}`,
        { upstream, kind: 'credentials', url: redactUrl(url), cause },
      );
    }
    // Node's fetch takes an undici dispatcher; the DOM's RequestInit type does not know it.
    const withDispatcher = { ...init, headers, ...(tlsAgent ? { dispatcher: tlsAgent } : {}) };
    return baseFetch(input, withDispatcher as RequestInit);
  };
}

/** A file error's code and path (`ENOENT /var/run/…/token`), never anything read from it. */
function describeFileError(error: Error): string {
  const { code, path } = error as NodeJS.ErrnoException;
  return code && path ? `${code} ${path}` : error.message;
}
