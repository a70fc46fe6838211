import type { GraphResponse, NodeData } from '../contracts/graph';
import type { KubeDeployment } from '../kube/types';
import { byId } from './elements';
import { peerNode } from './endpoints';
import { canonicalRevision, canonicalService, runsApp } from './canonical';
import { worst } from './health';

type Elements = GraphResponse['elements'];

/** What Kubernetes says about a node's workloads: desired and available replicas, summed. */
function replicasOf(
  node: NodeData,
  byNamespace: ReadonlyMap<string, readonly KubeDeployment[]>,
): { desired: number; available: number } | undefined {
  const matching = (byNamespace.get(node.namespace) ?? []).filter((d) => {
    if (node.nodeType === 'workload') return d.name === node.workload;
    if (node.nodeType === 'app') return runsApp(d, node);
    return false;
  });
  if (matching.length === 0) return undefined;
  return matching.reduce(
    (sum, d) => ({
      desired: sum.desired + d.desiredReplicas,
      available: sum.available + d.availableReplicas,
    }),
    { desired: 0, available: 0 },
  );
}

/**
 * Adds Kubernetes' view to the graph: a workload without available replicas fails (or is not
 * ready when scaled to zero), one short of replicas is degraded; with `includeIdle`, workloads of
 * the selected namespaces that had no traffic appear as idle nodes.
 */
export function applyKubeStatus(
  elements: Elements,
  deployments: readonly KubeDeployment[],
  options: {
    graphType: GraphResponse['graphType'];
    namespaces: ReadonlySet<string>;
    includeIdle: boolean;
    /** The cluster these Deployments are in, in a graph of several clusters. */
    cluster?: string;
  },
): Elements {
  // By namespace: a thousand-service graph has thousands of nodes and Deployments.
  const byNamespace = new Map<string, KubeDeployment[]>();
  for (const d of deployments) {
    const list = byNamespace.get(d.namespace);
    if (list) list.push(d);
    else byNamespace.set(d.namespace, [d]);
  }
  const nodes = elements.nodes.map(({ data }) => {
    const replicas = replicasOf(data, byNamespace);
    if (!replicas) return { data };
    const status =
      replicas.desired === 0
        ? { status: 'notReady' as const, reason: 'scaled to 0 replicas' }
        : replicas.available === 0
          ? { status: 'failure' as const, reason: `0 of ${replicas.desired} replicas available` }
          : replicas.available < replicas.desired
            ? {
                status: 'degraded' as const,
                reason: `${replicas.available} of ${replicas.desired} replicas available`,
              }
            : { status: 'healthy' as const };
    return {
      data: {
        ...data,
        health:
          data.health.status === 'na' && status.status === 'healthy'
            ? status
            : worst(data.health, status),
      },
    };
  });

  if (options.includeIdle && options.graphType !== 'service') {
    const present = new Set(nodes.map((n) => n.data.id));
    for (const d of deployments) {
      if (!options.namespaces.has(d.namespace)) continue;
      const info = peerNode(
        {
          cluster: options.cluster ?? '',
          namespace: d.namespace,
          workload: d.name,
          app: canonicalService(d.templateLabels, d.name),
          version: canonicalRevision(d.templateLabels),
        },
        options.graphType,
        options.cluster !== undefined,
      );
      if (present.has(info.id)) continue;
      present.add(info.id);
      nodes.push({
        data: {
          ...info,
          isRoot: false,
          isOutside: false,
          isIdle: true,
          traffic: [],
          health: { status: 'na', reason: 'no traffic in the window' },
        },
      });
    }
    // The order of the graph's own nodes (elements.ts), idle ones among them.
    nodes.sort((a, b) => byId(a.data, b.data));
  }
  return { nodes, edges: elements.edges };
}
