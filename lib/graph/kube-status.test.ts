import { describe, expect, it } from 'vitest';
import type { GraphResponse, NodeData } from '../contracts/graph';
import type { KubeDeployment } from '../kube/types';
import { applyKubeStatus } from './kube-status';

const deployment = (
  namespace: string,
  name: string,
  desired: number,
  available: number,
): KubeDeployment => {
  const [app = name, version = 'v1'] = name.split('-');
  return {
    namespace,
    name,
    labels: {},
    templateLabels: { app, version },
    desiredReplicas: desired,
    availableReplicas: available,
  };
};

const workloadNode = (name: string, health: NodeData['health'] = { status: 'healthy' }) => ({
  data: {
    id: `workload/shop/${name}`,
    nodeType: 'workload' as const,
    namespace: 'shop',
    workload: name,
    isInjectedService: false,
    isRoot: false,
    isOutside: false,
    traffic: [],
    health,
  } satisfies NodeData,
});

const elements = (...nodes: { data: NodeData }[]): GraphResponse['elements'] => ({
  nodes,
  edges: [],
});

const options = {
  graphType: 'workload' as const,
  namespaces: new Set(['shop']),
  includeIdle: false,
};

describe('applyKubeStatus', () => {
  it('judges replicas: none available fails, some missing degrades, scaled to zero is not ready', () => {
    const out = applyKubeStatus(
      elements(
        workloadNode('cart-v1'),
        workloadNode('pay-v1'),
        workloadNode('web-v1'),
        workloadNode('old-v1', { status: 'na' }),
      ),
      [
        deployment('shop', 'cart-v1', 2, 0),
        deployment('shop', 'pay-v1', 2, 1),
        deployment('shop', 'web-v1', 2, 2),
        deployment('shop', 'old-v1', 0, 0),
      ],
      options,
    );
    expect(out.nodes.map((n) => [n.data.workload, n.data.health])).toEqual([
      ['cart-v1', { status: 'failure', reason: '0 of 2 replicas available' }],
      ['pay-v1', { status: 'degraded', reason: '1 of 2 replicas available' }],
      ['web-v1', { status: 'healthy' }],
      ['old-v1', { status: 'notReady', reason: 'scaled to 0 replicas' }],
    ]);
  });

  it('keeps the worse of traffic and replicas, and leaves nodes Kubernetes does not know', () => {
    const failing = { status: 'failure' as const, reason: '5xx 20.0%' };
    const out = applyKubeStatus(
      elements(workloadNode('cart-v1', failing), workloadNode('ghost-v1')),
      [deployment('shop', 'cart-v1', 1, 1), deployment('other', 'ghost-v1', 1, 0)],
      options,
    );
    expect(out.nodes.map((n) => n.data.health)).toEqual([failing, { status: 'healthy' }]);
  });

  it('sums the replicas of every Deployment behind an app node', () => {
    const app = {
      data: {
        ...workloadNode('x').data,
        id: 'app/shop/reviews',
        nodeType: 'app' as const,
        app: 'reviews',
        workload: undefined,
      },
    };
    const out = applyKubeStatus(
      elements(app),
      [deployment('shop', 'reviews-v1', 1, 1), deployment('shop', 'reviews-v2', 1, 0)],
      { ...options, graphType: 'app' },
    );
    expect(out.nodes[0]?.data.health).toEqual({
      status: 'degraded',
      reason: '1 of 2 replicas available',
    });
  });

  it('adds idle workloads of the selected namespaces, in id order, once each', () => {
    const out = applyKubeStatus(
      elements(workloadNode('web-v1')),
      [
        deployment('shop', 'web-v1', 1, 1),
        deployment('shop', 'cart-v1', 1, 1),
        deployment('elsewhere', 'bank-v1', 1, 1),
      ],
      { ...options, includeIdle: true },
    );
    expect(out.nodes.map((n) => [n.data.id, n.data.isIdle ?? false])).toEqual([
      ['workload/shop/cart-v1', true],
      ['workload/shop/web-v1', false],
    ]);
    expect(out.nodes[0]?.data.health).toEqual({ status: 'na', reason: 'no traffic in the window' });
    // The service graph has no workloads to be idle.
    const services = applyKubeStatus(elements(), [deployment('shop', 'cart-v1', 1, 1)], {
      ...options,
      graphType: 'service',
      includeIdle: true,
    });
    expect(services.nodes).toEqual([]);
  });
});
