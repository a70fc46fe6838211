import { describe, expect, it } from 'vitest';
import { kialiTrace } from '../tracing/__fixtures__/kiali-trace';
import type { GraphResponse, NodeData } from '../contracts/graph';
import { traceHops } from '../traces/istio';
import { traceHighlight } from './trace-highlight';

const hops = traceHops(kialiTrace());

type N = Pick<NodeData, 'id' | 'nodeType' | 'namespace'> & Partial<NodeData>;
function graph(nodes: N[], edges: [string, string][]): GraphResponse {
  return {
    elements: {
      nodes: nodes.map((n) => ({ data: n as NodeData })),
      edges: edges.map(([source, target]) => ({
        data: { id: `${source}->${target}:http`, source, target },
      })),
    },
  } as unknown as GraphResponse;
}

const app = (ns: string, name: string, version?: string): N => ({
  id: `app/${ns}/${name}${version ? `/${version}` : ''}`,
  nodeType: 'app',
  namespace: ns,
  app: name,
  version,
});
const svc = (ns: string, name: string): N => ({
  id: `service/${ns}/${name}`,
  nodeType: 'service',
  namespace: ns,
  service: name,
});
const wl = (ns: string, name: string): N => ({
  id: `workload/${ns}/${name}`,
  nodeType: 'workload',
  namespace: ns,
  workload: name,
});

describe('traceHighlight', () => {
  it('lights the versioned-app path through injected service nodes, not the versions it skipped', () => {
    const g = graph(
      [
        app('istio-system', 'istio-ingressgateway', 'latest'),
        svc('bookinfo', 'productpage'),
        app('bookinfo', 'productpage', 'v1'),
        svc('bookinfo', 'reviews'),
        app('bookinfo', 'reviews', 'v1'),
        app('bookinfo', 'reviews', 'v2'),
        svc('bookinfo', 'ratings'),
        app('bookinfo', 'ratings', 'v1'),
        svc('bookinfo', 'details'),
        app('bookinfo', 'details', 'v1'),
      ],
      [
        ['app/istio-system/istio-ingressgateway/latest', 'service/bookinfo/productpage'],
        ['service/bookinfo/productpage', 'app/bookinfo/productpage/v1'],
        ['app/bookinfo/productpage/v1', 'service/bookinfo/reviews'],
        ['service/bookinfo/reviews', 'app/bookinfo/reviews/v1'],
        ['service/bookinfo/reviews', 'app/bookinfo/reviews/v2'],
        ['app/bookinfo/reviews/v2', 'service/bookinfo/ratings'],
        ['service/bookinfo/ratings', 'app/bookinfo/ratings/v1'],
        ['app/bookinfo/productpage/v1', 'service/bookinfo/details'],
        ['service/bookinfo/details', 'app/bookinfo/details/v1'],
      ],
    );
    const lit = traceHighlight(g, hops);
    expect(lit.nodes.has('app/bookinfo/reviews/v2')).toBe(true);
    expect(lit.nodes.has('app/bookinfo/reviews/v1')).toBe(false);
    expect(lit.edges.has('service/bookinfo/reviews->app/bookinfo/reviews/v1:http')).toBe(false);
    expect(lit.edges.size).toBe(8);
    expect(lit.nodes.size).toBe(9);
  });

  it('works on workload graphs without service nodes and on service graphs', () => {
    const workloads = graph(
      [
        wl('istio-system', 'istio-ingressgateway'),
        wl('bookinfo', 'productpage-v1'),
        wl('bookinfo', 'reviews-v1'),
        wl('bookinfo', 'reviews-v2'),
      ],
      [
        ['workload/istio-system/istio-ingressgateway', 'workload/bookinfo/productpage-v1'],
        ['workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v1'],
        ['workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v2'],
      ],
    );
    expect([...traceHighlight(workloads, hops).edges].sort()).toEqual([
      'workload/bookinfo/productpage-v1->workload/bookinfo/reviews-v2:http',
      'workload/istio-system/istio-ingressgateway->workload/bookinfo/productpage-v1:http',
    ]);

    const services = graph(
      [
        wl('istio-system', 'istio-ingressgateway'),
        svc('bookinfo', 'productpage'),
        svc('bookinfo', 'reviews'),
        svc('bookinfo', 'ratings'),
        svc('bookinfo', 'details'),
      ],
      [
        ['workload/istio-system/istio-ingressgateway', 'service/bookinfo/productpage'],
        ['service/bookinfo/productpage', 'service/bookinfo/reviews'],
        ['service/bookinfo/reviews', 'service/bookinfo/ratings'],
        ['service/bookinfo/productpage', 'service/bookinfo/details'],
      ],
    );
    expect(traceHighlight(services, hops).edges.size).toBe(4);
  });

  it('lights nothing for a trace from elsewhere', () => {
    const g = graph(
      [wl('shop', 'cart'), wl('shop', 'db')],
      [['workload/shop/cart', 'workload/shop/db']],
    );
    expect(traceHighlight(g, hops)).toEqual({ nodes: new Set(), edges: new Set() });
  });

  it('lights the nodes of the cluster each span’s proxy ran in (istio.cluster_id)', () => {
    // The trace's proxies all ran in east; west runs the same versions.
    const inEast = hops.map((h) => ({
      ...h,
      source: { ...h.source, cluster: 'east' },
      ...(h.destination ? { destination: { ...h.destination, cluster: 'east' } } : {}),
    }));
    const at = (node: N, cluster: string): N => ({ ...node, id: `${node.id}@${cluster}`, cluster });
    const nodes = ['east', 'west'].flatMap((c) => [
      at(app('bookinfo', 'productpage', 'v1'), c),
      at(app('bookinfo', 'reviews', 'v2'), c),
    ]);
    const g = graph(nodes, [
      ['app/bookinfo/productpage/v1@east', 'app/bookinfo/reviews/v2@east'],
      ['app/bookinfo/productpage/v1@east', 'app/bookinfo/reviews/v2@west'],
      ['app/bookinfo/productpage/v1@west', 'app/bookinfo/reviews/v2@west'],
    ]);
    expect([...traceHighlight(g, inEast).edges]).toEqual([
      'app/bookinfo/productpage/v1@east->app/bookinfo/reviews/v2@east:http',
    ]);
    // Spans that do not say their cluster light every cluster's.
    expect(traceHighlight(g, hops).edges.size).toBe(3);
  });
});
