import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAIN_CONNECTION, type ConnectionSettings } from './connection-settings';
import { WatchedFile, connectedFetch } from './connection';
import { isUpstreamError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'meshlens-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fetch that answers 200 and keeps the headers of every call. */
function recordingFetch() {
  const sent: Headers[] = [];
  const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Headers(init?.headers));
    return new Response('{}');
  }) as typeof fetch;
  return { sent, fetchImpl };
}

describe('WatchedFile', () => {
  it('reads a file once, then again only when it changed and the check interval passed', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'first\n');
    const file = new WatchedFile(path, 1_000);
    expect(await file.read(0)).toBe('first');
    // Kubernetes swaps the projected token by renaming a new file over the old one.
    writeFileSync(`${path}.new`, 'second-token');
    renameSync(`${path}.new`, path);
    expect(await file.read(500)).toBe('first');
    expect(await file.read(1_500)).toBe('second-token');
  });
});

describe('connectedFetch', () => {
  it('is the plain fetch when nothing is configured', () => {
    const { fetchImpl } = recordingFetch();
    expect(connectedFetch('prometheus', PLAIN_CONNECTION, fetchImpl)).toBe(fetchImpl);
  });

  it('sends a bearer token from a file, extra headers, and keeps the caller’s own headers', async () => {
    const path = join(dir, 'bearer');
    writeFileSync(path, 'sa-token-1\n');
    const { sent, fetchImpl } = recordingFetch();
    const settings: ConnectionSettings = {
      ...PLAIN_CONNECTION,
      bearerToken: { file: path },
      headers: { 'X-Scope-OrgID': 'team-a' },
    };
    await connectedFetch(
      'prometheus',
      settings,
      fetchImpl,
    )('http://mimir/prometheus/api/v1/query', {
      headers: { accept: 'application/json' },
    });
    expect(Object.fromEntries(sent[0] ?? [])).toEqual({
      accept: 'application/json',
      authorization: 'Bearer sa-token-1',
      'x-scope-orgid': 'team-a',
    });
  });

  it('sends basic auth with the password from the environment or a file', async () => {
    const path = join(dir, 'password');
    writeFileSync(path, 's3cret');
    const { sent, fetchImpl } = recordingFetch();
    const fromFile = connectedFetch(
      'tracing',
      { ...PLAIN_CONNECTION, basicAuth: { username: 'meshlens', password: { file: path } } },
      fetchImpl,
    );
    await fromFile('http://tempo/api/search');
    expect(sent[0]?.get('authorization')).toBe(
      `Basic ${Buffer.from('meshlens:s3cret').toString('base64')}`,
    );
  });

  it('fails a call whose token file is missing, naming the backend and the file, sending nothing', async () => {
    const { sent, fetchImpl } = recordingFetch();
    const missing = join(dir, 'no-such-token');
    const call = connectedFetch(
      'prometheus',
      { ...PLAIN_CONNECTION, bearerToken: { file: missing } },
      fetchImpl,
    )('http://prometheus/api/v1/query');
    const error = await call.catch((e: unknown) => e);
    expect(isUpstreamError(error) && error.kind).toBe('credentials');
    expect(String(error)).toContain(
      `Prometheus: cannot read the configured credentials: ENOENT ${missing}`,
    );
    expect(sent).toHaveLength(0);
  });
});
