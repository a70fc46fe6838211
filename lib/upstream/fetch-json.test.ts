import { describe, expect, it } from 'vitest';
import { fetchJson } from './fetch-json';

/** A response whose headers arrive and whose body never finishes (nor fails). */
const stalledBody: typeof fetch = async () =>
  ({
    ok: true,
    status: 200,
    text: () => new Promise<string>(() => undefined),
    body: null,
  }) as unknown as Response;

const call = (signal?: AbortSignal) =>
  fetchJson({
    upstream: 'prometheus',
    url: 'http://prometheus.test/api/v1/query',
    timeoutMs: 150,
    signal,
    parse: (body) => body,
    fetchImpl: stalledBody,
  });

describe('fetchJson', () => {
  it('ends within its timeout even when the body read never settles', async () => {
    const started = performance.now();
    await expect(call()).rejects.toMatchObject({
      upstream: 'prometheus',
      kind: 'timeout',
      message:
        'Prometheus: no complete answer from http://prometheus.test/api/v1/query within 150 ms',
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('ends at once when the caller gives up during the body', async () => {
    const caller = new AbortController();
    const pending = call(caller.signal);
    setTimeout(() => caller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', upstream: 'prometheus' });
  });
});
