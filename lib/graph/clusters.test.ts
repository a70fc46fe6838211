import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { buildGraph, spansClusters } from './build-graph';
import { nodeMatchers, parseEdgeId, parseNodeId } from './entity';

/** A destination-reported request between two Bookinfo workloads, in the clusters given. */
function request(
  from: { workload: string; app: string; version: string; cluster: string },
  to: { workload: string; app: string; version: string; cluster: string },
  rate = 1,
): VectorSample {
  return {
    labels: {
      reporter: 'destination',
      source_cluster: from.cluster,
      source_workload_namespace: 'bookinfo',
      source_workload: from.workload,
      source_canonical_service: from.app,
      source_canonical_revision: from.version,
      destination_cluster: to.cluster,
      destination_workload_namespace: 'bookinfo',
      destination_workload: to.workload,
      destination_canonical_service: to.app,
      destination_canonical_revision: to.version,
      destination_service_namespace: 'bookinfo',
      destination_service_name: to.app,
      destination_service: `${to.app}.bookinfo.svc.cluster.local`,
      request_protocol: 'http',
      response_code: '200',
      connection_security_policy: 'mutual_tls',
    },
    timestampSec: 0,
    value: rate,
  };
}

const at = (cluster: string, workload: string) => {
  const [app = workload, version = 'v1'] = workload.split('-');
  return { workload, app, version, cluster };
};

const meta = { timestamp: 0, duration: 60, warnings: [] };
const graphOf = (
  requests: VectorSample[],
  graphType: 'workload' | 'versionedApp' | 'service' = 'versionedApp',
  injectServiceNodes = false,
) =>
  buildGraph(
    { requests, tcp: [] },
    { graphType, namespaces: ['bookinfo'], injectServiceNodes, responseTime: '95' },
    meta,
  );

const ids = (graph: ReturnType<typeof graphOf>) => ({
  nodes: graph.elements.nodes.map((n) => n.data.id),
  edges: graph.elements.edges.map((e) => e.data.id),
});

describe('a graph of several clusters', () => {
  // Productpage in east calls reviews v2 in both clusters and v3 only in west; each reviews
  // calls the ratings of its own cluster.
  const mesh = [
    request(at('east', 'productpage-v1'), at('east', 'reviews-v2'), 2),
    request(at('east', 'productpage-v1'), at('west', 'reviews-v2'), 1),
    request(at('east', 'productpage-v1'), at('west', 'reviews-v3'), 1),
    request(at('east', 'reviews-v2'), at('east', 'ratings-v1'), 2),
    request(at('west', 'reviews-v2'), at('west', 'ratings-v1'), 1),
    request(at('west', 'reviews-v3'), at('west', 'ratings-v1'), 1),
  ];

  it('puts each node in its cluster, the same version in two clusters as two nodes', () => {
    const graph = graphOf(mesh);
    expect(ids(graph).nodes).toEqual([
      'app/bookinfo/productpage/v1@east',
      'app/bookinfo/ratings/v1@east',
      'app/bookinfo/ratings/v1@west',
      'app/bookinfo/reviews/v2@east',
      'app/bookinfo/reviews/v2@west',
      'app/bookinfo/reviews/v3@west',
    ]);
    expect(
      graph.elements.nodes.find((n) => n.data.id === 'app/bookinfo/reviews/v3@west')?.data,
    ).toMatchObject({ cluster: 'west', namespace: 'bookinfo', app: 'reviews', version: 'v3' });
  });

  it('draws calls across clusters as edges between them, each with its own rate', () => {
    const graph = graphOf(mesh);
    const edge = graph.elements.edges.find(
      (e) => e.data.id === 'app/bookinfo/productpage/v1@east->app/bookinfo/reviews/v2@west:http',
    );
    expect(edge?.data.rate).toBe(1);
    expect(edge?.data.percentOfSource).toBe(25);
    expect(ids(graph).edges).toContain(
      'app/bookinfo/reviews/v2@west->app/bookinfo/ratings/v1@west:http',
    );
  });

  it('puts a service node in the cluster that served the request, as Kiali does', () => {
    const graph = graphOf(mesh, 'versionedApp', true);
    expect(ids(graph).edges).toEqual(
      expect.arrayContaining([
        'app/bookinfo/productpage/v1@east->service/bookinfo/reviews@east:http',
        'app/bookinfo/productpage/v1@east->service/bookinfo/reviews@west:http',
        'service/bookinfo/reviews@west->app/bookinfo/reviews/v3@west:http',
      ]),
    );
    expect(
      graph.elements.nodes.find((n) => n.data.id === 'service/bookinfo/reviews@west')?.data.cluster,
    ).toBe('west');
  });

  it('attributes calls to the services of the caller’s own cluster in the service graph', () => {
    const graph = graphOf(mesh, 'service');
    expect(ids(graph).edges).toEqual([
      'service/bookinfo/reviews@east->service/bookinfo/ratings@east:http',
      'service/bookinfo/reviews@west->service/bookinfo/ratings@west:http',
      'workload/bookinfo/productpage-v1@east->service/bookinfo/reviews@east:http',
      'workload/bookinfo/productpage-v1@east->service/bookinfo/reviews@west:http',
    ]);
  });

  it('keeps the ids of a one-cluster mesh as they are, whatever that cluster is called', () => {
    const one = mesh.filter(
      (s) => s.labels.source_cluster === 'east' && s.labels.destination_cluster === 'east',
    );
    expect(spansClusters([one])).toBe(false);
    const graph = graphOf(one);
    expect(ids(graph).nodes).toEqual([
      'app/bookinfo/productpage/v1',
      'app/bookinfo/ratings/v1',
      'app/bookinfo/reviews/v2',
    ]);
    expect(graph.elements.nodes.every((n) => n.data.cluster === undefined)).toBe(true);
  });

  it('counts an unknown cluster as no cluster', () => {
    const unknown = { ...at('unknown', 'productpage-v1') };
    expect(spansClusters([[request(unknown, at('east', 'reviews-v2'))]])).toBe(false);
    expect(spansClusters([mesh])).toBe(true);
  });
});

describe('node ids naming a cluster', () => {
  it('parse with their cluster, and select that cluster’s traffic', () => {
    const ref = parseNodeId('app/bookinfo/reviews/v2@west');
    expect(ref).toEqual({
      kind: 'app',
      namespace: 'bookinfo',
      app: 'reviews',
      version: 'v2',
      cluster: 'west',
    });
    expect(nodeMatchers(ref!, 'destination')).toEqual([
      'destination_cluster="west"',
      'destination_workload_namespace="bookinfo"',
      'destination_canonical_service="reviews"',
      'destination_canonical_revision="v2"',
    ]);
    expect(nodeMatchers(parseNodeId('service/bookinfo/reviews@west')!, 'source')).toEqual([]);
    expect(parseEdgeId('workload/a/b@east->service/a/c@west:grpc')).toMatchObject({
      source: { kind: 'workload', cluster: 'east' },
      target: { kind: 'service', cluster: 'west' },
    });
  });

  it('refuse a cluster that is no name', () => {
    expect(parseNodeId('app/bookinfo/reviews@')).toBeUndefined();
    expect(parseNodeId('app/bookinfo/reviews@we"st')).toBeUndefined();
    expect(parseNodeId('app/bookinfo/reviews/v1@west@east')).toBeUndefined();
  });
});
