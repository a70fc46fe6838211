import { describe, expect, it } from 'vitest';
import { isUpstreamError } from '../upstream/errors';
import { createTracingClient } from './client';

/** A server answering the same JSON on every path, as a misconfigured proxy might. */
const everywhere = (body: unknown) => (async () => Response.json(body)) as unknown as typeof fetch;

const client = (fetchImpl: typeof fetch) =>
  createTracingClient({ url: 'http://tracing:16686', api: 'auto', timeoutMs: 1000, fetchImpl });

describe('tracing API detection', () => {
  it('takes no garbage for Tempo: detection fails naming the backend, searches never answer empty', async () => {
    const garbage = client(
      everywhere({ data: 'nope', result: 42, services: 7, summaries: { x: 1 }, traces: null }),
    );
    const detected = await garbage.api().catch((e: unknown) => e);
    expect(isUpstreamError(detected)).toBe(true);
    expect(String(detected)).toMatch(
      /^UpstreamError: Tracing backend: no Jaeger api_v3, Jaeger v1 or Tempo query API answered/,
    );
    const search = await garbage
      .searchTraces({ service: 's', startUs: 1, endUs: 2, limit: 1, errorsOnly: false, tags: {} })
      .catch((e: unknown) => e);
    expect(isUpstreamError(search)).toBe(true);
  });

  it('recognises Tempo by its build info, and Jaeger api_v3 by its services', async () => {
    const tempo = client((async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      if (path === '/api/status/buildinfo') return Response.json({ version: '2.6.1' });
      if (path === '/api/search/tag/service.name/values') return Response.json({ tagValues: [] });
      return new Response('404 page not found', { status: 404 });
    }) as typeof fetch);
    expect(await tempo.api()).toBe('tempo');
    const jaeger = client(everywhere({ services: ['a'] }));
    expect(await jaeger.api()).toBe('jaeger-v3');
  });
});
