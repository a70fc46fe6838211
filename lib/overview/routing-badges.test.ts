import { describe, expect, it } from 'vitest';
import type { ConfigItem } from '../contracts/istio-config';
import { routingByService, routingOf } from './routing-badges';

const item = (
  kind: ConfigItem['kind'],
  name: string,
  service: string | undefined,
  errors = 0,
): ConfigItem => ({
  kind,
  namespace: 'bookinfo',
  name,
  ...(service ? { service: { namespace: 'bookinfo', name: service } } : {}),
  checks: Array.from({ length: errors }, () => ({
    id: 'vs.subset-not-found' as const,
    code: 'KIA1107',
    severity: 'error' as const,
    path: 'spec',
    message: 'm',
  })),
});

describe('routing badges', () => {
  const byService = routingByService([
    item('VirtualService', 'reviews', 'reviews', 1),
    item('DestinationRule', 'reviews', 'reviews'),
    item('HTTPRoute', 'ratings', 'ratings'),
    item('AuthorizationPolicy', 'x', 'reviews', 2), // not routing: no badge
    item('Gateway', 'gw', undefined),
  ]);

  it('sums the routing objects of each Service and their errors', () => {
    expect(byService.get('bookinfo/reviews')).toEqual({
      kinds: ['DestinationRule', 'VirtualService'],
      errors: 1,
      service: { namespace: 'bookinfo', name: 'reviews' },
    });
    expect(byService.size).toBe(2);
  });

  it('gives a workload or app the badges of every Service in front of it', () => {
    expect(routingOf(byService, 'bookinfo', ['ratings', 'reviews'])).toEqual({
      kinds: ['DestinationRule', 'HTTPRoute', 'VirtualService'],
      errors: 1,
      service: { namespace: 'bookinfo', name: 'ratings' },
    });
    expect(routingOf(byService, 'travel', ['reviews'])).toEqual({ kinds: [], errors: 0 });
    expect(routingOf(byService, 'bookinfo')).toEqual({ kinds: [], errors: 0 });
  });
});
