import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { hopsOf, inboundServicesOf } from './endpoints';
import { toTrafficSamples } from './samples';

const labels = {
  reporter: 'destination',
  source_workload_namespace: 'bookinfo',
  source_workload: 'productpage-v1',
  source_canonical_service: 'productpage',
  source_canonical_revision: 'v1',
  destination_workload_namespace: 'bookinfo',
  destination_workload: 'reviews-v2',
  destination_canonical_service: 'reviews',
  destination_canonical_revision: 'v2',
  destination_service_namespace: 'bookinfo',
  destination_service_name: 'reviews',
  response_code: '200',
};
const one = (extra: Record<string, string> = {}) =>
  toTrafficSamples(
    [{ labels: { ...labels, ...extra }, timestampSec: 0, value: 3 } satisfies VectorSample],
    'requests',
  )[0]!;

const ids = (hops: ReturnType<typeof hopsOf>) =>
  hops.map((h) => `${h.source.id} -> ${h.target.id} ×${h.weight}`);

describe('hopsOf', () => {
  it('names nodes by graph type with stable ids', () => {
    expect(ids(hopsOf(one(), { graphType: 'workload', injectServiceNodes: false }))).toEqual([
      'workload/bookinfo/productpage-v1 -> workload/bookinfo/reviews-v2 ×1',
    ]);
    expect(ids(hopsOf(one(), { graphType: 'app', injectServiceNodes: false }))).toEqual([
      'app/bookinfo/productpage -> app/bookinfo/reviews ×1',
    ]);
    expect(ids(hopsOf(one(), { graphType: 'versionedApp', injectServiceNodes: false }))).toEqual([
      'app/bookinfo/productpage/v1 -> app/bookinfo/reviews/v2 ×1',
    ]);
  });

  it('injects the destination service between caller and workload', () => {
    const hops = hopsOf(one(), { graphType: 'versionedApp', injectServiceNodes: true });
    expect(ids(hops)).toEqual([
      'app/bookinfo/productpage/v1 -> service/bookinfo/reviews ×1',
      'service/bookinfo/reviews -> app/bookinfo/reviews/v2 ×1',
    ]);
    expect(hops[0]?.target.isInjectedService).toBe(true);
  });

  it('sends requests with no destination workload to a service node, and marks egress', () => {
    const passthrough = one({
      destination_workload: 'unknown',
      destination_service_name: 'PassthroughCluster',
      destination_service_namespace: 'unknown',
    });
    const [hop] = hopsOf(passthrough, { graphType: 'workload', injectServiceNodes: true });
    expect(hop?.target).toMatchObject({
      id: 'service/unknown/PassthroughCluster',
      nodeType: 'service',
      egress: 'PassthroughCluster',
    });
  });

  it('draws callers without a sidecar as the one unknown node', () => {
    const [hop] = hopsOf(
      one({ source_workload: 'unknown', source_workload_namespace: 'unknown' }),
      { graphType: 'app', injectServiceNodes: false },
    );
    expect(hop?.source).toMatchObject({ id: 'unknown', nodeType: 'unknown' });
  });

  it('attributes a workload’s calls to the services it is reached through, in the service graph', () => {
    const inbound = inboundServicesOf([
      one({
        source_workload: 'productpage-v1',
        destination_workload: 'reviews-v2',
        destination_service_name: 'reviews',
      }),
      one({ destination_workload: 'reviews-v2', destination_service_name: 'reviews-canary' }),
    ]);
    const call = one({
      source_workload: 'reviews-v2',
      destination_workload: 'ratings-v1',
      destination_service_name: 'ratings',
    });
    expect(
      ids(
        hopsOf(call, { graphType: 'service', injectServiceNodes: false, inboundServices: inbound }),
      ),
    ).toEqual([
      'service/bookinfo/reviews -> service/bookinfo/ratings ×0.5',
      'service/bookinfo/reviews-canary -> service/bookinfo/ratings ×0.5',
    ]);
  });
});
