import { jsonEqual, type Json } from './patch';
import { resourceTypeOf } from './resources';
import type { KubeObject, ObjectStore } from './store';

/** The annotation the Deployment controller numbers rollouts with, on both objects. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** The label that ties a ReplicaSet and its pods to one pod template. */
export const TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** How the controller's writes are recorded in `managedFields`. */
const CONTROLLER = 'kube-controller-manager';

const isObj = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stable short hash, like the pod-template-hash suffix Kubernetes adds. */
export function shortHash(text: string, length: number): string {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) || Math.imul(h + i + 1, 2654435761) >>> 0;
  }
  return out;
}

const record = (value: Json | undefined): Record<string, Json> => (isObj(value) ? value : {});

/** An annotation of `metadata` when it is a string. */
export function annotationOf(metadata: Json | undefined, key: string): string | undefined {
  const value = record(record(metadata).annotations)[key];
  return typeof value === 'string' ? value : undefined;
}

/** A Deployment's (or ReplicaSet's) pod template metadata. */
export const templateMetadataOf = (o: KubeObject): Json | undefined =>
  record(record(o.spec).template).metadata;

const revisionOf = (o: KubeObject): number =>
  Number(annotationOf(o.metadata, REVISION_ANNOTATION) ?? 0) || 0;

/** A pod template with the hash label added to its labels, as the ReplicaSet carries it. */
function withHash(template: Json | undefined, hash: string): Record<string, Json> {
  const t = record(template);
  const metadata = record(t.metadata);
  return {
    ...t,
    metadata: { ...metadata, labels: { ...record(metadata.labels), [TEMPLATE_HASH_LABEL]: hash } },
  };
}

/** A ReplicaSet's template without the hash label: what is compared with its Deployment's. */
function withoutHash(template: Json | undefined): Record<string, Json> {
  const t = record(template);
  const metadata = record(t.metadata);
  const labels = { ...record(metadata.labels) };
  delete labels[TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...metadata, labels } };
}

/** The ReplicaSet of `deployment`'s current pod template, at `revision`, with `replicas`. */
export function replicaSetOf(
  deployment: KubeObject,
  hash: string,
  revision: number,
  replicas: number,
): KubeObject {
  const spec = record(deployment.spec);
  const template = withHash(spec.template, hash);
  return {
    metadata: {
      name: `${String(deployment.metadata.name)}-${hash}`,
      namespace: deployment.metadata.namespace ?? null,
      labels: record(record(template.metadata).labels),
      annotations: { [REVISION_ANNOTATION]: String(revision) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment.metadata.name ?? null,
          uid: deployment.metadata.uid ?? null,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: {
        matchLabels: {
          ...record(record(spec.selector).matchLabels),
          [TEMPLATE_HASH_LABEL]: hash,
        },
      },
      template,
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

const ownerOf = (rs: KubeObject): string | undefined => {
  const refs = rs.metadata.ownerReferences;
  const owner = Array.isArray(refs)
    ? refs.find((r) => isObj(r) && r.kind === 'Deployment' && r.controller === true)
    : undefined;
  return isObj(owner) && typeof owner.name === 'string' ? owner.name : undefined;
};

/**
 * What the Deployment controller does when a pod template changes, in one step: a ReplicaSet
 * for the new template (or the old one brought back, on a rollback) at the next revision,
 * every other ReplicaSet of the Deployment scaled to zero, and the revision on the Deployment.
 * The demo's pods keep their names: its traffic is simulated per workload, not per pod.
 */
export function reconcileDeployment(store: ObjectStore, deployment: KubeObject): void {
  const replicaSets = resourceTypeOf('ReplicaSet');
  const deployments = resourceTypeOf('Deployment');
  const namespace = String(deployment.metadata.namespace);
  const name = String(deployment.metadata.name);
  const spec = record(deployment.spec);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const owned = store.list(replicaSets, namespace).filter((rs) => ownerOf(rs) === name);
  const newest = Math.max(0, ...owned.map(revisionOf));
  let current = owned.find((rs) =>
    jsonEqual(withoutHash(record(rs.spec).template), spec.template ?? null),
  );
  const write = { fieldManager: CONTROLLER };
  if (!current) {
    const hash = shortHash(`${name}/${JSON.stringify(spec.template ?? null)}/${newest}`, 10);
    current = store.create(
      replicaSets,
      namespace,
      replicaSetOf(deployment, hash, newest + 1, replicas),
      write,
    );
  } else if (revisionOf(current) < newest || record(current.spec).replicas !== replicas) {
    // A rollback to an earlier template: its ReplicaSet takes the next revision.
    current = store.patch(
      replicaSets,
      namespace,
      String(current.metadata.name),
      'application/merge-patch+json',
      {
        metadata: {
          annotations: {
            [REVISION_ANNOTATION]: String(revisionOf(current) < newest ? newest + 1 : newest),
          },
        },
        spec: { replicas },
        status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
      },
      write,
    );
  }
  for (const old of owned) {
    if (old.metadata.name === current.metadata.name || record(old.spec).replicas === 0) continue;
    store.patch(
      replicaSets,
      namespace,
      String(old.metadata.name),
      'application/merge-patch+json',
      { spec: { replicas: 0 }, status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 } },
      write,
    );
  }
  const revision = String(revisionOf(current));
  if (annotationOf(deployment.metadata, REVISION_ANNOTATION) !== revision)
    store.patch(
      deployments,
      namespace,
      name,
      'application/merge-patch+json',
      { metadata: { annotations: { [REVISION_ANNOTATION]: revision } } },
      write,
    );
}

/** Runs the Deployment controller on every Deployment the store adds or changes. */
export function runDeploymentController(store: ObjectStore): () => void {
  const deployments = resourceTypeOf('Deployment');
  return store.subscribe((event) => {
    if (event.resource !== deployments || event.type === 'DELETED') return;
    // The event may be stale by now (the controller's own write emits another): read afresh.
    const namespace = String(event.object.metadata.namespace);
    reconcileDeployment(
      store,
      store.get(deployments, namespace, String(event.object.metadata.name)),
    );
  });
}
