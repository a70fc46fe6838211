import { describe, expect, it } from 'vitest';
import { nodeMatchers, parseEdgeId, parseNodeId } from './entity';
import { edgeDetailQueries, nodeSeriesQueries, seriesWindow } from './series-queries';

describe('node and edge ids', () => {
  it('parses the ids the graph builder makes', () => {
    expect(parseNodeId('workload/bookinfo/reviews-v2')).toEqual({
      kind: 'workload',
      namespace: 'bookinfo',
      workload: 'reviews-v2',
    });
    expect(parseNodeId('app/bookinfo/reviews/v2')).toEqual({
      kind: 'app',
      namespace: 'bookinfo',
      app: 'reviews',
      version: 'v2',
    });
    expect(parseNodeId('app/bookinfo/reviews')).toEqual({
      kind: 'app',
      namespace: 'bookinfo',
      app: 'reviews',
      version: undefined,
    });
    expect(parseNodeId('service/unknown/PassthroughCluster')).toEqual({
      kind: 'service',
      namespace: 'unknown',
      service: 'PassthroughCluster',
    });
    expect(parseNodeId('unknown')).toEqual({ kind: 'unknown' });
    expect(parseEdgeId('app/bookinfo/productpage/v1->service/bookinfo/reviews:http')).toMatchObject(
      {
        source: { kind: 'app', app: 'productpage' },
        target: { kind: 'service', service: 'reviews' },
        protocol: 'http',
      },
    );
  });

  it.each([
    'workload/bookinfo/a"}) or vector(1)',
    'workload/Book_Info/x',
    'workload/bookinfo/x/y',
    'pod/bookinfo/x',
    'service/bookinfo/',
    'workload/bookinfo/reviews-v2->workload/b/c:smtp',
    'nonsense',
  ])('rejects %j', (id) => {
    expect(id.includes('->') ? parseEdgeId(id) : parseNodeId(id)).toBeUndefined();
  });

  it('turns nodes into escaped matchers for either side', () => {
    expect(
      nodeMatchers(
        { kind: 'app', namespace: 'bookinfo', app: 'reviews', version: 'v2' },
        'destination',
      ),
    ).toEqual([
      'destination_workload_namespace="bookinfo"',
      'destination_canonical_service="reviews"',
      'destination_canonical_revision="v2"',
    ]);
    expect(
      nodeMatchers({ kind: 'service', namespace: 'bookinfo', service: 'reviews' }, 'source'),
    ).toEqual([]);
    expect(nodeMatchers({ kind: 'unknown' }, 'source')).toEqual(['source_workload="unknown"']);
  });
});

describe('series and edge queries', () => {
  it('spans at least 10 minutes in about 60 points', () => {
    expect(seriesWindow(60, 10_000)).toEqual({
      startSec: 9_400,
      endSec: 10_000,
      stepSec: 10,
      rateWindowSec: 30,
    });
    expect(seriesWindow(86_400, 100_000)).toMatchObject({ stepSec: 1440, rateWindowSec: 2880 });
  });

  it('reads inbound traffic from destination (or waypoint) reports and outbound from source reports', () => {
    const inbound = nodeSeriesQueries(['destination_workload="reviews-v2"'], 'inbound', 30);
    expect(inbound.rate).toBe(
      'sum(rate(istio_requests_total{reporter=~"destination|waypoint",destination_workload="reviews-v2"}[30s]))',
    );
    expect(inbound.errors).toContain('response_code=~"5..|0"');
    expect(inbound.p95).toMatch(
      /^histogram_quantile\(0\.95, sum by \(le\) \(rate\(istio_request_duration_milliseconds_bucket\{reporter=~"destination\|waypoint"/,
    );
    expect(nodeSeriesQueries([], 'outbound', 30).rate).toContain('reporter="source"');
  });

  it('asks an edge’s histogram and sum per reporter, and its principals', () => {
    const q = edgeDetailQueries(['source_workload="a"', 'destination_workload="b"'], 60);
    expect(q.buckets).toBe(
      'sum by (reporter, le) (rate(istio_request_duration_milliseconds_bucket{source_workload="a",destination_workload="b"}[60s]))',
    );
    expect(q.sum).toMatch(/^sum by \(reporter\) \(rate\(istio_request_duration_milliseconds_sum\{/);
    expect(q.principals).toMatch(
      /^sum by \(source_principal, destination_principal, connection_security_policy\)/,
    );
  });
});

describe('mirrored edge ids', () => {
  it('parses the #mirror suffix', () => {
    expect(parseEdgeId('workload/a/x->workload/a/y:http#mirror')).toMatchObject({
      protocol: 'http',
      mirrored: true,
    });
    expect(parseEdgeId('workload/a/x->workload/a/y:http')?.mirrored).toBe(false);
  });
});
