import { describe, expect, it } from 'vitest';
import { routingEvidence } from './routing-evidence';

// Istio's own samples: samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml
// (as v1), and a retry policy from its traffic-management docs.
const ratingsDelay = {
  metadata: {
    name: 'ratings',
    namespace: 'bookinfo',
    changed: { atSec: Date.UTC(2026, 11, 5, 14, 1) / 1000, by: 'meshlens' },
  },
  spec: {
    hosts: ['ratings'],
    http: [
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        fault: { delay: { percentage: { value: 100.0 }, fixedDelay: '7s' } },
        route: [{ destination: { host: 'ratings', subset: 'v1' } }],
      },
      { route: [{ destination: { host: 'ratings', subset: 'v1' } }] },
    ],
  },
};
const reviewsRetries = {
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    hosts: ['reviews.bookinfo.svc.cluster.local'],
    http: [
      {
        route: [{ destination: { host: 'reviews', subset: 'v1' } }],
        retries: { attempts: 3, perTryTimeout: '2s' },
        timeout: '10s',
      },
    ],
  },
};

describe('routingEvidence', () => {
  it('names the fault delays, retries and timeouts of the VirtualServices selecting a service', () => {
    const objects = [ratingsDelay, reviewsRetries];
    expect(routingEvidence({ namespace: 'bookinfo', name: 'ratings' }, objects)).toEqual([
      'fault delay in VirtualService bookinfo/ratings (changed 14:01 UTC by meshlens): 7.0 s on every request with end-user: jason',
    ]);
    expect(routingEvidence({ namespace: 'bookinfo', name: 'reviews' }, objects)).toEqual([
      'retries in VirtualService bookinfo/reviews: up to 3 attempts of 2.0 s',
      'timeout in VirtualService bookinfo/reviews: 10 s',
    ]);
  });

  it('says nothing of services the objects do not select', () => {
    expect(routingEvidence({ namespace: 'shop', name: 'ratings' }, [ratingsDelay])).toEqual([]);
    expect(routingEvidence({ namespace: 'bookinfo', name: 'details' }, [ratingsDelay])).toEqual([]);
  });
});
