import { describe, expect, it } from 'vitest';
import { placer } from './placement';

const labels = (over: Record<string, string> = {}): Record<string, string> => ({
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
  ...over,
});

describe('placer', () => {
  const place = placer('requests', new Set(['shop']), {
    graphType: 'versionedApp',
    injectServiceNodes: true,
  });

  it('places a series on its edges, through the injected service node', () => {
    expect(place(labels())?.hops.map((h) => [h.edge.id, h.weight])).toEqual([
      ['app/shop/web/v1->service/shop/cart:http', 1],
      ['service/shop/cart->app/shop/cart/v1:http', 1],
    ]);
  });

  it('places each identity once: outcomes and buckets share it, the rest of the labels do not', () => {
    const first = place(labels({ response_code: '200', response_flags: '-' }));
    expect(place(labels({ response_code: '503', connection_security_policy: 'none' }))).toBe(first);
    expect(place(labels({ le: '+Inf' }))).toBe(first);
    const v2 = place(labels({ destination_canonical_revision: 'v2' }));
    expect(v2).not.toBe(first);
    expect(v2?.hops[1]?.edge.id).toBe('service/shop/cart->app/shop/cart/v2:http');
    expect(place(labels({ request_protocol: 'grpc' }))?.sample.protocol).toBe('grpc');
  });

  it('tells an absent label from any value, and leaves out what another report counts', () => {
    const withoutApp = labels();
    delete withoutApp.destination_canonical_service;
    expect(place(withoutApp)?.hops[1]?.edge.id).toBe(
      'service/shop/cart->workload/shop/cart-v1:http',
    );
    // Traffic inside the selection is counted where it arrived, not by its source.
    expect(place(labels({ reporter: 'source' }))).toBeUndefined();
  });
});
