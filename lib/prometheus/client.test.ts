import { describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../upstream/errors';
import { createPrometheusClient } from './client';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function clientWith(handler: Handler, timeoutMs = 1000) {
  const calls: { url: string; init: RequestInit }[] = [];
  const observe = vi.fn();
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof fetch;
  return {
    client: createPrometheusClient({ url: 'http://prom:9090/', timeoutMs, fetchImpl, observe }),
    calls,
    observe,
  };
}

const ok = (data: unknown, extra: Record<string, unknown> = {}): Response =>
  Response.json({ status: 'success', data, ...extra });

describe('PrometheusClient', () => {
  it('maps an instant vector, converting sample strings including NaN and +Inf', async () => {
    const { client, calls, observe } = clientWith(() =>
      ok({
        resultType: 'vector',
        result: [
          { metric: { job: 'a' }, value: [1700000000.5, '10'] },
          { metric: { job: 'b' }, value: [1700000000.5, 'NaN'] },
          { metric: { job: 'c' }, value: [1700000000.5, '+Inf'] },
        ],
      }),
    );
    const { data } = await client.instantQuery('up', { timeSec: 1700000000 });
    expect(calls[0]?.url).toBe('http://prom:9090/api/v1/query?query=up&time=1700000000');
    expect(data.resultType).toBe('vector');
    if (data.resultType !== 'vector') return;
    expect(data.samples.map((s) => s.labels.job)).toEqual(['a', 'b', 'c']);
    expect(data.samples[0]).toEqual({
      labels: { job: 'a' },
      timestampSec: 1700000000.5,
      value: 10,
    });
    expect(data.samples[1]?.value).toBeNaN();
    expect(data.samples[2]?.value).toBe(Infinity);
    expect(observe).toHaveBeenCalledWith('prometheus', 'success', expect.any(Number));
  });

  it('maps a range matrix and passes the window', async () => {
    const { client, calls } = clientWith(() =>
      ok({
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [10, '1'],
              [20, '2'],
            ],
          },
        ],
      }),
    );
    const { data } = await client.rangeQuery('rate(x[1m])', {
      startSec: 10,
      endSec: 20,
      stepSec: 10,
    });
    expect(new URL(calls[0]?.url ?? '').searchParams.get('step')).toBe('10');
    expect(data).toEqual({
      resultType: 'matrix',
      series: [
        {
          labels: {},
          points: [
            { timestampSec: 10, value: 1 },
            { timestampSec: 20, value: 2 },
          ],
        },
      ],
    });
  });

  it('rejects an impossible range window before sending anything', () => {
    const { client, calls } = clientWith(() => ok({}));
    expect(() => client.rangeQuery('x', { startSec: 20, endSec: 10, stepSec: 1 })).toThrow(
      RangeError,
    );
    expect(calls).toHaveLength(0);
  });

  it('keeps the warnings Prometheus attaches', async () => {
    const { client } = clientWith(() =>
      ok({ resultType: 'vector', result: [] }, { warnings: ['too many samples'] }),
    );
    expect((await client.instantQuery('x')).warnings).toEqual(['too many samples']);
  });

  it('sends long queries as a form-encoded POST', async () => {
    const { client, calls } = clientWith(() => ok({ resultType: 'vector', result: [] }));
    const long = `sum(${'a'.repeat(5000)})`;
    await client.instantQuery(long);
    expect(calls[0]?.url).toBe('http://prom:9090/api/v1/query');
    expect(calls[0]?.init.method).toBe('POST');
    expect(new URLSearchParams(String(calls[0]?.init.body)).get('query')).toBe(long);
  });

  it('turns an error envelope into an api UpstreamError with the errorType', async () => {
    const { client, observe } = clientWith(() =>
      Response.json(
        { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' },
        { status: 400 },
      ),
    );
    const error = await client.instantQuery('sum(').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      upstream: 'prometheus',
      kind: 'api',
      status: 400,
      reason: 'bad_data',
    });
    expect((error as Error).message).toBe('Prometheus: bad_data: parse error at char 3');
    expect(observe).toHaveBeenCalledWith('prometheus', 'error', expect.any(Number));
  });

  it('reports a non-JSON error page as an http error with its status', async () => {
    const { client } = clientWith(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(client.buildInfo()).rejects.toMatchObject({ kind: 'http', status: 502 });
  });

  it('reports a body of the wrong shape as invalid-response', async () => {
    const { client } = clientWith(() =>
      ok({ resultType: 'vector', result: [{ metric: {}, value: [1, 2] }] }),
    );
    await expect(client.instantQuery('x')).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('rejects labels that are not strings, naming the series', async () => {
    for (const metric of [{ job: 'a', instance: 7 }, ['job'], null]) {
      const { client } = clientWith(() =>
        ok({
          resultType: 'vector',
          result: [
            { metric: { job: 'ok' }, value: [1, '1'] },
            { metric, value: [1, '2'] },
          ],
        }),
      );
      await expect(client.instantQuery('x')).rejects.toThrow(
        /result\.1\.metric: expected labels: an object of strings/,
      );
    }
  });

  it('rejects a sample value that is not a float', async () => {
    const { client } = clientWith(() => ok({ resultType: 'scalar', result: [1, 'many'] }));
    await expect(client.instantQuery('x')).rejects.toThrow(/sample value "many" is not a number/);
  });

  it('times out with a timeout UpstreamError naming the backend', async () => {
    const { client, observe } = clientWith(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      50,
    );
    const started = Date.now();
    const error = await client.instantQuery('up').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ upstream: 'prometheus', kind: 'timeout' });
    expect((error as Error).message).toMatch(
      /^Prometheus: no answer from http:\/\/prom:9090\/api\/v1\/query within 50 ms$/,
    );
    expect(observe).toHaveBeenCalledWith('prometheus', 'timeout', expect.any(Number));
  });

  it('honours the caller’s AbortSignal', async () => {
    const controller = new AbortController();
    const { client } = clientWith(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      5000,
    );
    const pending = client.instantQuery('up', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('describes a refused connection', async () => {
    const { client } = clientWith(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    await expect(client.buildInfo()).rejects.toThrow(
      'Prometheus: connection refused by http://prom:9090/api/v1/status/buildinfo',
    );
  });

  it('validates label names before building the URL', () => {
    const { client } = clientWith(() => ok([]));
    expect(() => client.labelValues('../admin')).toThrow(RangeError);
  });
});
