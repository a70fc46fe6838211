import { describe, expect, it } from 'vitest';
import { attributeLatency, entryCandidates, type EdgeTiming } from './attribution';

/** An edge both proxies reported alike except for the caller's extra time. */
function call(
  source: string,
  target: string,
  rate: number,
  calleeMs: number,
  extra: Partial<EdgeTiming> = {},
): EdgeTiming {
  return {
    source,
    target,
    sourceRate: rate,
    sourceMeanMs: calleeMs,
    destinationRate: rate,
    destinationMeanMs: calleeMs,
    flagRates: {},
    ...extra,
  };
}

const byKey = (result: ReturnType<typeof attributeLatency>) =>
  Object.fromEntries(
    (result?.contributors ?? []).map((c) => [
      c.part === 'service' ? c.node : `${c.caller} → ${c.node}`,
      Math.round(c.ms * 100) / 100,
    ]),
  );

const total = (result: ReturnType<typeof attributeLatency>) =>
  (result?.contributors ?? []).reduce((sum, c) => sum + c.ms, 0);

describe('attributeLatency (from request-duration means)', () => {
  it('splits a chain into each service’s own time, adding up to the entry’s mean', () => {
    // gateway → front (100 ms in all) → back (60 ms): front spends 40 ms itself.
    const edges = [call('gateway', 'front', 10, 100), call('front', 'back', 10, 60)];
    const result = attributeLatency(edges, 'gateway');
    expect(result?.entryMs).toBe(100);
    expect(result?.entryRate).toBe(10);
    expect(byKey(result)).toEqual({ back: 60, front: 40 });
    expect(result?.contributors[0]).toMatchObject({ node: 'back', share: 0.6, visits: 1 });
    expect(result?.contributors[1]?.ownMs).toEqual({ min: 40, max: 40 });
  });

  it('puts a fault delay in the caller’s proxy first, with its flag as evidence', () => {
    // front waits 2,010 ms on back (half its calls delayed 4 s), back answers in 10 ms.
    const edges = [
      call('gateway', 'front', 10, 2030),
      call('front', 'back', 10, 10, {
        sourceMeanMs: 2010,
        flagRates: { '-': 5, DI: 5 },
      }),
    ];
    const result = attributeLatency(edges, 'gateway');
    expect(result?.contributors[0]).toMatchObject({
      node: 'back',
      part: 'callerProxy',
      caller: 'front',
      evidence: ['fault delay injected (DI) on 50 % of calls'],
    });
    expect(byKey(result)).toEqual({ 'front → back': 2000, front: 20, back: 10 });
    expect(total(result)).toBeCloseTo(2030, 6);
  });

  it('shares a node’s time among calls made in parallel, and gives its own time as a range', () => {
    // api answers in 110 ms and calls a and b (100 ms each) once per request: in sequence
    // that would be 200 ms, so they overlapped.
    const edges = [
      call('gateway', 'api', 1, 110),
      call('api', 'a', 1, 100),
      call('api', 'b', 1, 100),
    ];
    const result = attributeLatency(edges, 'gateway');
    expect(byKey(result)).toEqual({ a: 55, b: 55, api: 0 });
    expect(result?.contributors.find((c) => c.node === 'api')?.ownMs).toEqual({
      min: 0,
      max: 10,
    });
    const api = attributeLatency(edges, 'api');
    expect(api?.entryMs).toBe(110);
    expect(total(api)).toBeCloseTo(110, 6);
    // Own time: none if the calls ran in sequence, 10 ms if only the longest counted.
    const own = attributeLatency([call('gateway', 'api', 1, 150), ...edges.slice(1)], 'gateway');
    expect(own?.contributors.find((c) => c.node === 'api')?.ownMs).toEqual({ min: 0, max: 50 });
  });

  it('counts retried attempts as time in the callee, not in the caller’s proxy', () => {
    // 1 call/s, 300 ms as the caller saw it: three attempts of 100 ms at the callee.
    const edges = [
      call('gateway', 'front', 1, 300),
      call('front', 'flaky', 1, 100, {
        sourceMeanMs: 300,
        destinationRate: 3,
        flagRates: { URX: 0.2 },
      }),
    ];
    const result = attributeLatency(edges, 'gateway');
    expect(byKey(result)).toEqual({ flaky: 300 });
    expect(result?.contributors[0]?.visits).toBe(3);
  });

  it('weights calls by how often a request makes them', () => {
    // front makes 3 calls to back per request (30/s against 10/s).
    const edges = [call('gateway', 'front', 10, 50), call('front', 'back', 30, 10)];
    const result = attributeLatency(edges, 'gateway');
    expect(byKey(result)).toEqual({ back: 30, front: 20 });
    expect(result?.contributors[0]?.visits).toBe(3);
  });

  it('gives an unmeshed callee its whole call time and says why', () => {
    const edges = [
      call('gateway', 'front', 1, 80),
      { ...call('front', 'db', 1, 70), destinationRate: 0, destinationMeanMs: undefined },
    ];
    const result = attributeLatency(edges, 'gateway');
    expect(byKey(result)).toEqual({ db: 70, front: 10 });
    expect(result?.contributors[0]?.evidence[0]).toMatch(/no report from its own proxy/);
  });

  it('ends on cycles and on an entry without traffic', () => {
    const edges = [call('gateway', 'a', 1, 40), call('a', 'b', 1, 30), call('b', 'a', 0.5, 10)];
    const result = attributeLatency(edges, 'gateway');
    expect(total(result)).toBeCloseTo(40, 6);
    expect(attributeLatency(edges, 'nobody')).toBeUndefined();
    expect(attributeLatency([call('gateway', 'a', 0, 0)], 'gateway')).toBeUndefined();
  });

  it('offers the roots as entries, busiest first', () => {
    const edges = [call('job', 'a', 1, 5), call('gateway', 'a', 9, 5), call('a', 'b', 10, 1)];
    expect(entryCandidates(edges)).toEqual(['gateway', 'job']);
  });
});
