import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { BOOKINFO_TOPOLOGY } from './topology';
import { simulateRequest, type Hop } from './traffic';

const edge = (hop: Hop): string => `${hop.source.name}->${hop.destination.name}`;

function run(count: number, errorRate: number, seed = 1): Hop[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate }),
  );
}

describe('simulateRequest', () => {
  it('walks only the Bookinfo call graph, parents before children', () => {
    const allowed = new Set([
      'istio-ingressgateway->productpage-v1',
      'productpage-v1->details-v1',
      'productpage-v1->reviews-v1',
      'productpage-v1->reviews-v2',
      'productpage-v1->reviews-v3',
      'reviews-v2->ratings-v1',
      'reviews-v3->ratings-v1',
      'ratings-v1->mongodb-v1',
    ]);
    const seen = new Set<string>();
    for (const hops of run(500, 0)) {
      expect(hops[0] && edge(hops[0])).toBe('istio-ingressgateway->productpage-v1');
      hops.forEach((hop, i) => {
        seen.add(edge(hop));
        if (hop.source.name !== 'istio-ingressgateway') {
          expect(
            hops.slice(0, i).some((parent) => parent.destination.name === hop.source.name),
          ).toBe(true);
        }
      });
    }
    expect(seen).toEqual(allowed);
  });

  it('spreads reviews traffic evenly over three versions', () => {
    const counts = new Map<string, number>();
    for (const hops of run(3000, 0)) {
      for (const hop of hops)
        if (hop.destination.app === 'reviews')
          counts.set(hop.destination.name, (counts.get(hop.destination.name) ?? 0) + 1);
    }
    for (const version of ['reviews-v1', 'reviews-v2', 'reviews-v3']) {
      expect(counts.get(version)).toBeGreaterThan(900);
      expect(counts.get(version)).toBeLessThan(1100);
    }
  });

  it('reports TCP for mongodb and HTTP 200 elsewhere when nothing fails', () => {
    for (const hop of run(200, 0).flat()) {
      if (hop.destination.name === 'mongodb-v1') {
        expect(hop).toMatchObject({ protocol: 'tcp', responseCode: 0 });
      } else {
        expect(hop).toMatchObject({ protocol: 'http', responseCode: 200, responseFlags: '-' });
      }
    }
  });

  it('fails about errorRate of HTTP hops with 500, and a failed workload calls nothing', () => {
    const hops = run(2000, 0.1).flat();
    const http = hops.filter((h) => h.protocol === 'http');
    const failed = http.filter((h) => h.responseCode === 500);
    expect(failed.length / http.length).toBeGreaterThan(0.08);
    expect(failed.length / http.length).toBeLessThan(0.12);
    const allFail = run(50, 1).flat();
    expect(allFail.map(edge)).toEqual(Array(50).fill('istio-ingressgateway->productpage-v1'));
  });

  it('measures a parent at least as long as its children, and the source side longer than the destination', () => {
    for (const hops of run(200, 0)) {
      const root = hops[0] as Hop;
      const children = hops.filter((h) => h.source.name === 'productpage-v1');
      expect(root.destinationDurationMs).toBeGreaterThan(
        children.reduce((sum, h) => sum + h.sourceDurationMs, 0),
      );
      for (const hop of hops)
        expect(hop.sourceDurationMs).toBeGreaterThan(hop.destinationDurationMs);
    }
  });

  it('is deterministic for a seed', () => {
    expect(run(20, 0.05, 42)).toEqual(run(20, 0.05, 42));
    expect(run(20, 0.05, 42)).not.toEqual(run(20, 0.05, 43));
  });
});
