import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';

/**
 * Load shedding over the real route handlers: a Prometheus that takes 300 ms per query, a
 * bound of 10 calls in flight, and 20 viewers asking for the graph at once. Those past the
 * bound get a fast 503 with Retry-After naming Prometheus; nobody waits in a growing queue.
 * (Each viewer asks for a different graph: identical ones would share one round of queries.)
 */
let slowPrometheus: Server;
let GET: (request: Request) => Promise<Response>;
let queries = 0;

beforeAll(async () => {
  slowPrometheus = createServer((request, response) => {
    queries += 1;
    setTimeout(
      () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          // Label values (the histogram's bounds) are a list; queries, an empty vector.
          request.url?.startsWith('/api/v1/label/')
            ? '{"status":"success","data":[]}'
            : '{"status":"success","data":{"resultType":"vector","result":[]}}',
        ),
      300,
    );
  });
  await new Promise<void>((resolve) => slowPrometheus.listen(0, '127.0.0.1', resolve));
  const port = (slowPrometheus.address() as AddressInfo).port;
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Reflect.deleteProperty(globalThis, '__meshlensLimits');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${port}`,
    // Nothing listens there: the graph says so in a warning and renders from metrics.
    KUBE_API_URL: `http://127.0.0.1:${await freePort()}`,
    PROMETHEUS_MAX_CONCURRENCY: '10',
  });
  GET = (await import('../../app/api/graph/route')).GET;
});

afterAll(async () => {
  await new Promise((resolve) => slowPrometheus.close(resolve));
});

describe('bounded upstream calls', () => {
  it('answers the viewers it can and sheds the rest with 503 Retry-After, never more queries', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        GET(new Request(`http://127.0.0.1/api/graph?namespaces=team-${i}&duration=1m`)),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    for (const shed of responses.filter((r) => r.status === 503)) {
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(apiErrorSchema.parse(await shed.json()).error).toMatchObject({
        backend: 'prometheus',
        kind: 'saturated',
      });
    }
    // Shed calls never reach the backend: far fewer queries than 20 viewers × 4.
    expect(queries).toBeLessThanOrEqual(20);
  });
});
