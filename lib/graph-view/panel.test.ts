import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import { namespaceTotals, nodeDetails, ratesByCode, routingServicesOf } from './panel';
import { testEdge, testNode } from './test-graph';

const node = testNode;
const edge = testEdge;

const graph: GraphResponse = {
  timestamp: 0,
  duration: 60,
  graphType: 'workload',
  warnings: [],
  elements: {
    nodes: [
      node('gw', 'istio-system'),
      node('svc', 'shop', { isInjectedService: true, nodeType: 'service' }),
      node('web', 'shop'),
      node('db', 'data'),
    ],
    edges: [
      edge('gw', 'svc', 10),
      edge('svc', 'web', 10, {
        errorPercent: 10,
        rateByCode: [
          { code: '200', rate: 9 },
          { code: '503', rate: 1 },
        ],
      }),
      edge('web', 'db', 2048, { protocol: 'tcp' }),
    ],
  },
};

describe('side panel figures', () => {
  it('totals inbound traffic per namespace once, skipping edges into injected services', () => {
    const totals = namespaceTotals(graph);
    expect(totals.all).toEqual({
      requestsPerSecond: 10,
      errorPercent: 10,
      tcpBytesPerSecond: 2048,
    });
    expect(totals.byNamespace).toEqual([
      { namespace: 'data', requestsPerSecond: 0, errorPercent: 0, tcpBytesPerSecond: 2048 },
      { namespace: 'shop', requestsPerSecond: 10, errorPercent: 10, tcpBytesPerSecond: 0 },
    ]);
  });

  it('collects a node’s edges and sums rates by code', () => {
    const details = nodeDetails(graph, 'web');
    expect(details?.inbound.map((e) => e.id)).toEqual(['svc->web']);
    expect(details?.outbound.map((e) => e.id)).toEqual(['web->db']);
    expect(
      ratesByCode(graph.elements.edges.map((e) => e.data).filter((e) => e.protocol === 'http')),
    ).toEqual({ '200': 19, '503': 1 });
    expect(nodeDetails(graph, 'nope')).toBeUndefined();
  });
});

describe('routingServicesOf', () => {
  it('finds the service in front of a workload, a service node’s own, and none for others', () => {
    const g: GraphResponse = {
      ...graph,
      elements: {
        nodes: [
          node('gw', 'istio-system'),
          node('service/shop/web', 'shop', {
            nodeType: 'service',
            service: 'web',
            isInjectedService: true,
          }),
          node('web', 'shop'),
          node('db', 'data', { service: 'db' }),
          node('unknown', 'unknown', { nodeType: 'unknown' }),
        ],
        edges: [
          edge('gw', 'service/shop/web', 10),
          edge('service/shop/web', 'web', 10),
          edge('web', 'db', 5),
        ],
      },
    };
    expect(routingServicesOf(g, 'web')).toEqual([{ namespace: 'shop', service: 'web' }]);
    expect(routingServicesOf(g, 'service/shop/web')).toEqual([
      { namespace: 'shop', service: 'web' },
    ]);
    expect(routingServicesOf(g, 'db')).toEqual([{ namespace: 'data', service: 'db' }]);
    expect(routingServicesOf(g, 'gw')).toEqual([]);
    expect(routingServicesOf(g, 'unknown')).toEqual([]);
  });
});
