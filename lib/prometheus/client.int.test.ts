import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { anyOf, matcher, selector } from '../promql/promql';
import { createPrometheusClient, type PrometheusClient } from './client';

// An hour of data starting on a 2 h block boundary, sampled every 15 s.
const START = 1_699_999_200;
const END = START + 3600;
const AT = START + 1800;

let prometheus: PrometheusProcess;
let client: PrometheusClient;

beforeAll(async () => {
  prometheus = await startBackfilledPrometheus(
    [
      { name: 'test_requests_total', labels: { job: 'a', code: '200' }, ratePerSecond: 10 },
      { name: 'test_requests_total', labels: { job: 'a', code: '500' }, ratePerSecond: 0.5 },
      { name: 'test_requests_total', labels: { job: 'b"quoted', code: '200' }, ratePerSecond: 2 },
    ],
    { startSec: START, endSec: END },
  );
  client = createPrometheusClient({ url: prometheus.url, timeoutMs: 5000 });
});

afterAll(async () => {
  await prometheus?.stop();
});

const vectorOf = async (query: string, timeSec = AT) => {
  const { data } = await client.instantQuery(query, { timeSec });
  if (data.resultType !== 'vector') throw new Error(`expected a vector, got ${data.resultType}`);
  return data.samples;
};

describe('PrometheusClient against a real, backfilled Prometheus', () => {
  it('reads the exact backfilled rates', async () => {
    const samples = await vectorOf('sum by (code) (rate(test_requests_total{job="a"}[5m]))');
    const byCode = Object.fromEntries(samples.map((s) => [s.labels.code, s.value]));
    expect(byCode['200']).toBeCloseTo(10, 9);
    expect(byCode['500']).toBeCloseTo(0.5, 9);
    expect(samples[0]?.timestampSec).toBe(AT);
  });

  it('reads a range of points at the requested step', async () => {
    const { data } = await client.rangeQuery('sum(rate(test_requests_total[5m]))', {
      startSec: AT,
      endSec: AT + 600,
      stepSec: 60,
    });
    if (data.resultType !== 'matrix') throw new Error('expected a matrix');
    const points = data.series[0]?.points ?? [];
    expect(points.map((p) => p.timestampSec)).toEqual(
      Array.from({ length: 11 }, (_, i) => AT + i * 60),
    );
    for (const p of points) expect(p.value).toBeCloseTo(12.5, 9);
  });

  it('matches a label value with quotes exactly, via the escaping helpers', async () => {
    const samples = await vectorOf(
      `rate(test_requests_total${selector([matcher('job', '=', 'b"quoted')])}[5m])`,
    );
    expect(samples).toHaveLength(1);
    expect(samples[0]?.value).toBeCloseTo(2, 9);
    const viaRegex = await vectorOf(
      `rate(test_requests_total${selector([anyOf('job', ['b"quoted', 'a'])])}[5m])`,
    );
    expect(viaRegex).toHaveLength(3);
  });

  it('keeps a crafted value inside its string: it matches nothing and injects nothing', async () => {
    const crafted = 'a"}) or vector(1) or test_requests_total{job="a';
    const samples = await vectorOf(
      `sum(rate(test_requests_total${selector([matcher('job', '=', crafted)])}[5m]))`,
    );
    expect(samples).toEqual([]);
  });

  it('sends a long query as POST and gets the same answer', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `job-${i}`);
    const query = `sum(rate(test_requests_total${selector([anyOf('job', ['a', ...many])])}[5m]))`;
    expect(query.length).toBeGreaterThan(4000);
    const samples = await vectorOf(query);
    expect(samples[0]?.value).toBeCloseTo(10.5, 9);
  });

  it('returns NaN and +Inf as numbers', async () => {
    const { data } = await client.instantQuery('0/0', { timeSec: AT });
    expect(data.resultType === 'scalar' && Number.isNaN(data.value)).toBe(true);
    const inf = await client.instantQuery('1/0', { timeSec: AT });
    expect(inf.data).toMatchObject({ resultType: 'scalar', value: Infinity });
  });

  it('lists label values and reports its version', async () => {
    expect(await client.labelValues('job')).toEqual(['a', 'b"quoted']);
    expect((await client.buildInfo()).version).toMatch(/^2\./);
  });

  it("turns Prometheus' own error into an api error with the errorType", async () => {
    await expect(client.instantQuery('sum(rate(x[5m])')).rejects.toMatchObject({
      upstream: 'prometheus',
      kind: 'api',
      reason: 'bad_data',
      status: 400,
    });
  });

  it('reports a Prometheus that is not there as unreachable', async () => {
    const port = await freePort(); // released again: nothing listens there
    const gone = createPrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    await expect(gone.buildInfo()).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/^Prometheus: connection refused/),
    });
  });
});
