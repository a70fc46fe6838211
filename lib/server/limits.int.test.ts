import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { PROMETHEUS, ensureTools } from '../../scripts/lib/system-deps';
import { graphLimitsSchema } from '../contracts/graph-limits';

let prometheus: PrometheusProcess;

beforeAll(async () => {
  const { prometheus: bin } = ensureTools([PROMETHEUS], { autoInstall: false, log: console.log });
  prometheus = await startPrometheus({ bin: bin as string, retention: '3h' });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    KUBE_API_URL: 'http://127.0.0.1:9',
  });
});

afterAll(async () => {
  await prometheus?.stop();
});

describe('GET /api/graph/limits', () => {
  it("offers windows up to Prometheus' retention", async () => {
    const { GET } = await import('../../app/api/graph/limits/route');
    const response = await GET(new Request('http://127.0.0.1/api/graph/limits'));
    expect(response.status).toBe(200);
    expect(graphLimitsSchema.parse(await response.json())).toEqual({
      maxDurationSeconds: 10800,
      retention: '3h',
    });
  });
});
