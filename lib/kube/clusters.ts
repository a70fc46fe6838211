import type { KubeClient } from './client';

/**
 * The Kubernetes APIs of a mesh of several clusters, by the cluster names Istio reports
 * (`source_cluster`, `destination_cluster`): KUBE_CLUSTERS, each cluster reached through its
 * kubeconfig context.
 */
export interface MeshClusters {
  /** The cluster the default client reaches, when KUBE_CLUSTERS names it. */
  home: string | undefined;
  /** A client per named cluster, the home cluster's being the default client. */
  clients: ReadonlyMap<string, KubeClient>;
}

/** Why a cluster's objects cannot be read or written: it has no client. */
export class UnknownClusterError extends Error {
  constructor(
    readonly cluster: string,
    clusters: MeshClusters,
  ) {
    super(
      clusters.home === undefined
        ? `cluster ${cluster}: Meshlens reads one Kubernetes API and does not know which cluster it is; name the clusters and their kubeconfig contexts in KUBE_CLUSTERS`
        : `cluster ${cluster}: no Kubernetes API is configured for it (KUBE_CLUSTERS names ${[...clusters.clients.keys()].join(', ')})`,
    );
    this.name = 'UnknownClusterError';
  }
}

/**
 * The client of a cluster: the default one when no cluster is named (a graph of one cluster)
 * or the home cluster is; throws {@link UnknownClusterError} for a cluster without one.
 */
export function kubeForCluster(
  backends: { kube: KubeClient; clusters: MeshClusters },
  cluster: string | undefined,
): KubeClient {
  if (cluster === undefined || cluster === backends.clusters.home) return backends.kube;
  const client = backends.clusters.clients.get(cluster);
  if (!client) throw new UnknownClusterError(cluster, backends.clusters);
  return client;
}
