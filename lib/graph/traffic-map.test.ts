import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { placer } from './placement';
import { addSeries, emptyTrafficMap, edgeId, rateByHost } from './traffic-map';

const sample = (value: number, over: Record<string, string> = {}): VectorSample => ({
  labels: {
    reporter: 'destination',
    source_workload_namespace: 'shop',
    source_workload: 'web-v1',
    source_canonical_service: 'web',
    source_canonical_revision: 'v1',
    destination_workload_namespace: 'shop',
    destination_workload: 'cart-v1',
    destination_canonical_service: 'cart',
    destination_canonical_revision: 'v1',
    destination_service_namespace: 'shop',
    destination_service_name: 'cart',
    destination_service: 'cart.shop.svc.cluster.local',
    request_protocol: 'http',
    response_code: '200',
    response_flags: '-',
    connection_security_policy: 'mutual_tls',
    ...over,
  },
  timestampSec: 0,
  value,
});

const WEB_TO_CART = edgeId('app/shop/web/v1', 'app/shop/cart/v1', 'http');

describe('addSeries', () => {
  // A placer's edges gather one graph's figures: one per map.
  const newPlacer = () =>
    placer('requests', new Set(['shop']), {
      graphType: 'versionedApp',
      injectServiceNodes: false,
    });

  it('sums an edge’s rate by class, code, flags and host, and its destination-reported mTLS', () => {
    const map = emptyTrafficMap();
    addSeries(
      map,
      [
        sample(1, { response_code: '503', response_flags: 'UF' }),
        sample(8),
        sample(1, { response_code: '200', connection_security_policy: 'none' }),
        sample(0.5, { response_code: '404', destination_service: 'cart:80' }),
      ],
      newPlacer(),
    );
    const edge = map.edges.get(WEB_TO_CART);
    expect(edge).toMatchObject({
      source: 'app/shop/web/v1',
      target: 'app/shop/cart/v1',
      protocol: 'http',
      rate: 10.5,
      byClass: { '2xx': 9, '4xx': 0.5, '5xx': 1 },
      byFlags: { '-': 9.5, UF: 1 },
      destinationReported: 10.5,
      mutualTls: 9.5,
      mirrored: false,
    });
    // In order of code, whatever order they came in.
    expect(edge?.byCode).toEqual([
      { code: '200', rate: 9 },
      { code: '404', rate: 0.5 },
      { code: '503', rate: 1 },
    ]);
    expect(edge && rateByHost(edge)).toEqual({ 'cart.shop.svc.cluster.local': 10, 'cart:80': 0.5 });
    expect([...map.nodes.keys()].sort()).toEqual(['app/shop/cart/v1', 'app/shop/web/v1']);
  });

  it('carries no traffic for a rate that is zero, negative, infinite or not a number', () => {
    const map = emptyTrafficMap();
    addSeries(map, [sample(0), sample(-1), sample(Infinity), sample(NaN)], newPlacer());
    expect(map.edges.size).toBe(0);
    expect(map.nodes.size).toBe(0);
  });

  it('keeps mirrored copies on an edge of their own, and source reports out of mTLS', () => {
    const map = emptyTrafficMap();
    addSeries(
      map,
      [sample(2, { destination_service: 'cart-shadow.shop.svc.cluster.local' })],
      newPlacer(),
    );
    const mirror = map.edges.get(`${WEB_TO_CART}#mirror`);
    expect(mirror).toMatchObject({ rate: 2, mirrored: true });
    // Outside the selection, the source's report is the one counted; it cannot see mTLS.
    const outside = placer('requests', new Set(['elsewhere']), {
      graphType: 'versionedApp',
      injectServiceNodes: false,
    });
    const fromSource = emptyTrafficMap();
    addSeries(fromSource, [sample(3, { reporter: 'source' })], outside);
    expect(fromSource.edges.get(WEB_TO_CART)).toMatchObject({
      rate: 3,
      destinationReported: 0,
      mutualTls: 0,
    });
  });
});
