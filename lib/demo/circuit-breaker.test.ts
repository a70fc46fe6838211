import { describe, expect, it } from 'vitest';
import { ProxyState } from './circuit-breaker';
import { seededRandom } from './random';
import { compileRouter, type RoutingObject } from './routing';
import { BOOKINFO_TOPOLOGY } from './topology';
import { simulateRequest, type Hop } from './traffic';

const rule = (host: string, trafficPolicy: unknown): RoutingObject => ({
  metadata: { name: host, namespace: 'bookinfo' },
  spec: { host, trafficPolicy },
});

/** `seconds` of Bookinfo at 10 req/s with proxies that remember, and ratings `slowMs` slow. */
function simulate(
  rules: RoutingObject[],
  options: { slowMs?: number; errorRate?: number; seconds?: number } = {},
): Hop[] {
  const router = compileRouter(BOOKINFO_TOPOLOGY, [], rules);
  const proxies = new ProxyState();
  const random = seededRandom(11);
  const slowMs = new Map(options.slowMs ? [['ratings-v1', options.slowMs]] : []);
  const hops: Hop[] = [];
  for (let i = 0; i < (options.seconds ?? 60) * 10; i += 1) {
    hops.push(
      ...simulateRequest(BOOKINFO_TOPOLOGY, random, {
        errorRate: options.errorRate ?? 0,
        router,
        proxies,
        nowMs: i * 100,
        slowMs,
      }),
    );
  }
  return hops;
}

const toRatings = (hops: Hop[]) => hops.filter((h) => h.destination.service === 'ratings');
const fromProductpage = (hops: Hop[]) =>
  hops.filter((h) => h.source.name === 'productpage-v1' && h.destination.service === 'reviews');
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('circuit breaking in the demo’s proxies', () => {
  it('without limits a slow ratings holds every caller: no overflow, the delay spreads', () => {
    const hops = simulate([], { slowMs: 7000 });
    expect(toRatings(hops).filter((h) => h.responseFlags.includes('UO'))).toHaveLength(0);
    expect(mean(fromProductpage(hops).map((h) => h.sourceDurationMs))).toBeGreaterThan(3000);
  });

  it('a tight pool overflows with 503 UO at the caller, and the delay stops spreading', () => {
    const tight = rule('ratings', {
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
    });
    const hops = simulate([tight], { slowMs: 7000 });
    const overflow = toRatings(hops).filter((h) => h.responseFlags === 'UO');
    expect(overflow.length).toBeGreaterThan(toRatings(hops).length * 0.8);
    for (const h of overflow) {
      // Envoy's local reply: reported by the caller only, no destination workload.
      expect(h).toMatchObject({ responseCode: 503, reporters: ['source'] });
      expect(h.destination.name).toBe('unknown');
    }
    // reviews fails fast instead of waiting 7 s: productpage's calls are quick again.
    expect(mean(fromProductpage(hops).map((h) => h.sourceDurationMs))).toBeLessThan(1500);
  });

  it('queues up to http1MaxPendingRequests: waiting adds latency, not errors', () => {
    const queued = rule('ratings', {
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1000 } },
    });
    const hops = simulate([queued], { slowMs: 500, seconds: 20 });
    expect(toRatings(hops).filter((h) => h.responseFlags === 'UO')).toHaveLength(0);
    // Each reviews proxy sends ~3.3 calls/s into one connection serving 2/s: the queue grows.
    const first = toRatings(hops).slice(0, 10);
    const last = toRatings(hops).slice(-10);
    expect(mean(first.map((h) => h.sourceDurationMs))).toBeLessThan(2000);
    expect(mean(last.map((h) => h.sourceDurationMs))).toBeGreaterThan(5000);
  });

  it('ejects hosts after consecutive 5xx, and answers 503 UH when all are ejected', () => {
    const eject = rule('reviews', {
      outlierDetection: {
        consecutive5xxErrors: 1,
        baseEjectionTime: '30s',
        maxEjectionPercent: 100,
      },
    });
    const hops = fromProductpage(simulate([eject], { errorRate: 0.2, seconds: 20 }));
    const noHealthy = hops.filter((h) => h.responseFlags === 'UH');
    expect(noHealthy.length).toBeGreaterThan(0);
    expect(noHealthy.every((h) => h.responseCode === 503 && h.destination.name === 'unknown')).toBe(
      true,
    );
    // Once all three versions are ejected, nothing reaches them until the ejection ends.
    const firstUh = hops.indexOf(noHealthy[0] as Hop);
    expect(hops.slice(firstUh, firstUh + 5).every((h) => h.responseFlags === 'UH')).toBe(true);
  });

  it('keeps at most maxEjectionPercent of the hosts ejected (always one)', () => {
    const state = new ProxyState();
    const hosts = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    const policy = { consecutive5xxErrors: 1, maxEjectionPercent: 10 };
    state.report('k', 'a', 3, 500, policy, 0);
    state.report('k', 'b', 3, 500, policy, 1);
    expect(state.healthy('k', hosts, 2).map((h) => h.name)).toEqual(['b', 'c']);
    // Ejections end after baseEjectionTime (30 s by default).
    expect(state.healthy('k', hosts, 30_001).map((h) => h.name)).toEqual(['a', 'b', 'c']);
  });
});
