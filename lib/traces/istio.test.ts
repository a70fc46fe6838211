import { describe, expect, it } from 'vitest';
import { kialiTrace } from '../tracing/__fixtures__/kiali-trace';
import {
  entityOfSpan,
  parseNodeId,
  parseUpstreamCluster,
  spanFromWorkload,
  traceHops,
  workloadOfPod,
} from './istio';

describe('Envoy span attributes', () => {
  it('parses node ids, pod names and upstream clusters', () => {
    expect(
      parseNodeId(
        'sidecar~10.244.0.25~productpage-v1-6f89b6c557-sg2bc.bookinfo~bookinfo.svc.cluster.local',
      ),
    ).toEqual({
      type: 'sidecar',
      ip: '10.244.0.25',
      pod: 'productpage-v1-6f89b6c557-sg2bc',
      namespace: 'bookinfo',
    });
    expect(parseNodeId('garbage')).toBeUndefined();
    expect(workloadOfPod('reviews-v2-6f76498fc8-58wpn')).toBe('reviews-v2');
    expect(workloadOfPod('istio-ingressgateway-79788cd94-wgmsp')).toBe('istio-ingressgateway');
    expect(workloadOfPod('node-exporter-x7k2p')).toBe('node-exporter');
    expect(workloadOfPod('mongodb-0')).toBe('mongodb');
    expect(workloadOfPod('standalone')).toBe('standalone');
    expect(parseUpstreamCluster('outbound|9080||reviews.bookinfo.svc.cluster.local')).toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
    expect(parseUpstreamCluster('inbound|9080||')).toBeUndefined();
  });

  it('reads the entity of each span of a real Istio trace', () => {
    const spans = kialiTrace().spans;
    const gateway = spans.find((s) => s.spanId === '49cd77d1f9dcd936');
    expect(entityOfSpan(gateway as never)).toEqual({
      namespace: 'istio-system',
      workload: 'istio-ingressgateway',
      app: 'istio-ingressgateway',
      version: 'latest',
    });
    const reviews = spans.find((s) => s.spanId === '77191048cb7dadc4');
    expect(entityOfSpan(reviews as never)).toEqual({
      namespace: 'bookinfo',
      workload: 'reviews-v2',
      app: 'reviews',
      version: 'v2',
    });
    expect(spanFromWorkload(reviews as never, 'bookinfo', 'reviews-v2')).toBe(true);
    expect(spanFromWorkload(reviews as never, 'bookinfo', 'reviews-v1')).toBe(false);
  });

  it('turns client spans into hops: gateway → productpage → details, reviews-v2 → ratings', () => {
    const hops = traceHops(kialiTrace()).map(
      (h) =>
        `${h.source.workload}(${h.source.service ?? '-'}) -[${h.service?.name}]-> ${h.destination?.workload}@${h.destination?.version}`,
    );
    expect(hops.sort()).toEqual([
      'istio-ingressgateway(-) -[productpage]-> productpage-v1@v1',
      'productpage-v1(productpage) -[details]-> details-v1@v1',
      'productpage-v1(productpage) -[reviews]-> reviews-v2@v2',
      'reviews-v2(reviews) -[ratings]-> ratings-v1@v1',
    ]);
  });

  it('keeps a call that no server answered, with the service it aimed at', () => {
    const trace = kialiTrace();
    const withoutRatings = {
      ...trace,
      spans: trace.spans.filter((s) => s.spanId !== 'e9d3d5f02056e0bc'),
    };
    const hop = traceHops(withoutRatings).find((h) => h.service?.name === 'ratings');
    expect(hop).toMatchObject({
      destination: undefined,
      service: { namespace: 'bookinfo', name: 'ratings' },
    });
  });
});
