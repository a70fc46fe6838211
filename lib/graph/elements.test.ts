import { describe, expect, it } from 'vitest';
import type { NodeInfo } from './endpoints';
import { toElements } from './elements';
import { DEFAULT_TOLERANCES } from './health';
import { type EdgeTraffic, type TrafficMap, edgeId } from './traffic-map';

const app = (namespace: string, name: string): NodeInfo => ({
  id: `app/${namespace}/${name}/v1`,
  nodeType: 'app',
  namespace,
  app: name,
  version: 'v1',
  isInjectedService: false,
});

function edge(
  source: NodeInfo,
  target: NodeInfo,
  rate: number,
  over: Partial<EdgeTraffic> = {},
): EdgeTraffic {
  const mirrored = over.mirrored ?? false;
  return {
    id: edgeId(source.id, target.id, over.protocol ?? 'http', mirrored),
    source: source.id,
    target: target.id,
    protocol: 'http',
    rate,
    byClass: { '2xx': rate },
    byCode: [{ code: '200', rate }],
    byFlags: { '-': rate },
    hostRate: 0,
    destinationReported: rate,
    mutualTls: rate,
    mirrored,
    ...over,
  };
}

const web = app('shop', 'web');
const cart = app('shop', 'cart');
const pay = app('shop', 'pay');
const bank = app('finance', 'bank');

function mapOf(edges: EdgeTraffic[]): TrafficMap {
  const nodes = new Map([web, cart, pay, bank].map((n) => [n.id, n]));
  return { nodes, edges: new Map(edges.map((e) => [e.id, e])) };
}

describe('toElements', () => {
  const traffic = mapOf([
    edge(web, cart, 6),
    edge(web, pay, 4, { byClass: { '2xx': 3, '5xx': 1 }, mutualTls: 2 }),
    edge(pay, bank, 4),
    // A mirrored copy: load on cart, nobody's request.
    edge(web, cart, 6, { mirrored: true }),
  ]);
  const elements = toElements(traffic, { namespaces: new Set(['shop']) });
  const node = (id: string) => elements.nodes.find((n) => n.data.id === id)?.data;
  const edgeOf = (id: string) => elements.edges.find((e) => e.data.id === id)?.data;

  it('totals each node’s traffic per protocol, mirrored copies apart', () => {
    expect(node(web.id)?.traffic).toEqual([
      { protocol: 'http', rateIn: 0, rateOut: 10, inByClass: {} },
    ]);
    expect(node(cart.id)?.traffic).toEqual([
      { protocol: 'http', rateIn: 6, rateOut: 0, inByClass: { '2xx': 6 }, mirroredIn: 6 },
    ]);
    expect(node(pay.id)?.traffic[0]).toMatchObject({ rateIn: 4, rateOut: 4 });
  });

  it('marks roots and nodes outside the selected namespaces', () => {
    expect(node(web.id)).toMatchObject({ isRoot: true, isOutside: false });
    expect(node(cart.id)).toMatchObject({ isRoot: false, isOutside: false });
    expect(node(bank.id)).toMatchObject({ isRoot: false, isOutside: true });
  });

  it('gives each edge its share of the source’s requests, error % and mTLS %', () => {
    const toPay = edgeOf(edgeId(web.id, pay.id, 'http'));
    expect(toPay).toMatchObject({
      rate: 4,
      percentOfSource: 40,
      errorPercent: 25,
      mtlsPercent: 50,
    });
    expect(toPay?.health.status).toBe('failure');
    expect(edgeOf(edgeId(web.id, cart.id, 'http'))?.percentOfSource).toBe(60);
    // The mirror is no share of web's requests.
    expect(edgeOf(edgeId(web.id, cart.id, 'http', true))).toMatchObject({
      mirrored: true,
      percentOfSource: 0,
    });
  });

  it('judges a node by what it answers, and leaves absent figures out', () => {
    expect(node(pay.id)?.health.status).toBe('failure');
    expect(node(cart.id)?.health.status).toBe('healthy');
    const plain = edgeOf(edgeId(pay.id, bank.id, 'http'));
    expect(plain).not.toHaveProperty('mirrored');
    expect(plain).not.toHaveProperty('responseTimeBucketMs');
    expect(plain).not.toHaveProperty('responseTimeUpperBound');
  });

  it('adds the figures the optional queries placed on an edge', () => {
    const enriched = edge(pay, bank, 4, {
      responseTimeMs: 1800,
      responseTimeBucketMs: { lowerMs: 1000, upperMs: 2500 },
      responseTimeUpperBound: true,
      responseBytesPerSecond: 4096,
      p95: { value: 1800, groups: 2 },
      protocol: 'grpc',
      byClass: { ok: 4 },
    });
    const withExtras = toElements(mapOf([enriched]), {
      namespaces: new Set(['shop']),
      messages: true,
      tolerancesFor: () => ({ ...DEFAULT_TOLERANCES, p95Ms: { degraded: 1000 } }),
    });
    expect(withExtras.edges[0]?.data).toMatchObject({
      responseTimeMs: 1800,
      responseTimeBucketMs: { lowerMs: 1000, upperMs: 2500 },
      responseTimeUpperBound: true,
      throughputBytesPerSecond: 4096,
      // Asked for, and none sent: 0, not absent.
      messageRate: 0,
      health: { status: 'degraded' },
    });
    // The node answers within its callers' highest p95.
    expect(withExtras.nodes.find((n) => n.data.id === bank.id)?.data.health.status).toBe(
      'degraded',
    );
  });

  it('gives an edge its rate by host', () => {
    const hosts = edge(web, cart, 6, {
      host: 'cart.shop.svc.cluster.local',
      hostRate: 4,
      otherHosts: { 'cart:80': 2 },
    });
    expect(
      toElements(mapOf([hosts]), { namespaces: new Set(['shop']) }).edges[0]?.data,
    ).toMatchObject({
      rateByHost: { 'cart.shop.svc.cluster.local': 4, 'cart:80': 2 },
    });
  });

  it('orders nodes by id and edges by their nodes, whatever order the traffic came in', () => {
    const reversed = mapOf([...traffic.edges.values()].reverse());
    const again = toElements(reversed, { namespaces: new Set(['shop']) });
    expect(again).toEqual(elements);
    const ids = elements.nodes.map((n) => n.data.id);
    expect(ids).toEqual([...ids].sort());
    // By source, then target, then the mirrored copy after the requests.
    expect(elements.edges.map((e) => e.data.id)).toEqual([
      edgeId(pay.id, bank.id, 'http'),
      edgeId(web.id, cart.id, 'http'),
      edgeId(web.id, cart.id, 'http', true),
      edgeId(web.id, pay.id, 'http'),
    ]);
    // A source whose id begins another's comes first, though its edges' ids sort after.
    const workload = (name: string): NodeInfo => ({
      id: `workload/shop/${name}`,
      nodeType: 'workload',
      namespace: 'shop',
      workload: name,
      isInjectedService: false,
    });
    const a = workload('a');
    const a1 = workload('a-1');
    const prefixed = toElements(
      {
        nodes: new Map([a, a1, cart].map((n) => [n.id, n])),
        edges: new Map([edge(a1, cart, 1), edge(a, cart, 1)].map((e) => [e.id, e])),
      },
      { namespaces: new Set(['shop']) },
    );
    expect(prefixed.edges.map((e) => e.data.source)).toEqual([a.id, a1.id]);
  });
});
