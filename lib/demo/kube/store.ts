import type { Json } from './patch';
import {
  applyJsonPatch,
  applyMergePatch,
  jsonEqual,
  JsonPatchError,
  type JsonPatchOperation,
} from './patch';
import { validateConfigMap } from './configmap-validation';
import { validateHttpRoute, validateService } from './core-validation';
import { validateIstioObject } from './istio-validation';
import { groupVersion, type ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  KubeStatusError,
  notFound,
  unsupportedMediaType,
} from './status';

/** A stored object: plain JSON with `metadata` always present. */
export type KubeObject = { [key: string]: Json } & { metadata: { [key: string]: Json } };

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  /**
   * Who writes, as the API server records it in `metadata.managedFields` (the `fieldManager`
   * parameter, else the client's user agent up to its first `/`).
   */
  fieldManager?: string;
}

/** A change to the store, for watchers and for the demo's simulated proxies. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: KubeObject;
}

export interface StoreOptions {
  now: () => Date;
  newUid: () => string;
}

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json'];
/** Built-in kinds also take strategic merge patches (kubectl's default for them). */
const STRATEGIC = 'application/strategic-merge-patch+json';

const isObj = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const labelsOf = (o: KubeObject): Record<string, string> =>
  isObj(o.metadata.labels) ? (o.metadata.labels as Record<string, string>) : {};

/**
 * The fields a manager owns after a write, as `fieldsV1` records them (to the depth Meshlens
 * reads: `f:spec`, `f:metadata` › `f:labels` / `f:annotations`): what it owned before, and what
 * this write changed (on a create, what it set).
 */
function ownedFields(
  before: Record<string, Json>,
  previous: KubeObject | undefined,
  next: KubeObject,
): Record<string, Json> {
  const owned: Record<string, Json> = { ...before };
  if (next.spec !== undefined && !jsonEqual(previous?.spec ?? null, next.spec))
    owned['f:spec'] = {};
  const metadata: Record<string, Json> = isObj(owned['f:metadata'])
    ? { ...owned['f:metadata'] }
    : {};
  for (const key of ['labels', 'annotations'] as const) {
    const now = next.metadata[key];
    if (now !== undefined && now !== null && !jsonEqual(previous?.metadata[key] ?? null, now))
      metadata[`f:${key}`] = {};
  }
  if (Object.keys(metadata).length) owned['f:metadata'] = metadata;
  return owned;
}

/**
 * An in-memory object store with the API server's write semantics: one global, increasing
 * `resourceVersion` (like etcd's revision), optimistic concurrency on update and patch,
 * `generation` bumped when `spec` changes, and dry runs that persist nothing.
 */
export class ObjectStore {
  private revision = 1000;
  /** ClusterIPs handed out to Services created through the API. */
  private clusterIps = 0;
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly options: StoreOptions) {}

  /** The current store revision, as list responses report it. */
  currentRevision(): string {
    return String(this.revision);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds an object with server-populated metadata, bypassing validation (fixtures). */
  seed(type: ResourceType, object: KubeObject): KubeObject {
    const namespace = type.namespaced ? String(object.metadata.namespace ?? 'default') : undefined;
    const stored = this.stamp(type, object, namespace, undefined);
    this.objects.set(this.key(type, namespace, String(object.metadata.name)), stored);
    return stored;
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): KubeObject[] {
    const byLabel = options.labelSelector ? parseLabelSelector(options.labelSelector) : () => true;
    const byField = options.fieldSelector ? parseFieldSelector(options.fieldSelector) : () => true;
    const prefix = `${type.group}/${type.plural}/${namespace ?? ''}`;
    return [...this.objects.entries()]
      .filter(([key]) =>
        namespace === undefined
          ? key.startsWith(`${type.group}/${type.plural}/`)
          : key.startsWith(`${prefix}/`),
      )
      .map(([, object]) => object)
      .filter((o) => byLabel(labelsOf(o)))
      .filter((o) =>
        byField({
          'metadata.name': String(o.metadata.name),
          'metadata.namespace': String(o.metadata.namespace ?? ''),
        }),
      )
      .sort((a, b) =>
        `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
        ),
      );
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.objects.get(this.key(type, namespace, name));
    if (!object) throw notFound(type, name);
    return object;
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const object = this.checkBody(type, namespace, body);
    const name = object.metadata.name;
    if (typeof name !== 'string' || name === '') {
      throw invalid(type, '', [
        { field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    }
    if (namespace !== undefined) this.requireNamespace(namespace);
    const key = this.key(type, namespace, name);
    if (this.objects.has(key)) throw alreadyExists(type, name);
    this.validate(type, object);
    if (type.kind === 'Service') this.allocateClusterIp(object);
    if (options.dryRun) return this.stamp(type, object, namespace, undefined, false);
    const stored = this.stamp(type, object, namespace, undefined, true, options.fieldManager);
    this.objects.set(key, stored);
    this.emit({ type: 'ADDED', resource: type, object: stored });
    return stored;
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const object = this.checkBody(type, namespace, body);
    if (object.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    return this.replace(type, namespace, name, object, options);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const current = this.get(type, namespace, name);
    let patched: Json;
    try {
      // A strategic merge patch equals a merge patch for what the demo lets change on built-in
      // kinds (metadata maps); custom resources refuse it, as a real API server does.
      if (
        contentType === 'application/merge-patch+json' ||
        (contentType === STRATEGIC && (type.group === '' || type.group === 'apps'))
      ) {
        patched = applyMergePatch(current, patch as Json);
      } else if (contentType === 'application/json-patch+json') {
        if (!Array.isArray(patch)) throw badRequest('a JSON patch must be a list of operations');
        patched = applyJsonPatch(current, patch as JsonPatchOperation[]);
      } else {
        throw unsupportedMediaType(contentType, PATCH_TYPES);
      }
    } catch (error) {
      if (error instanceof JsonPatchError) {
        throw new KubeStatusError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${error.message}`,
        );
      }
      throw error;
    }
    if (!isObj(patched) || !isObj(patched.metadata))
      throw badRequest('the patch removed the object metadata');
    const object = patched as KubeObject;
    // Name, namespace and uid are immutable through a patch, as on a real server.
    object.metadata = { ...object.metadata, name, uid: current.metadata.uid ?? null };
    if (namespace !== undefined) object.metadata.namespace = namespace;
    return this.replace(type, namespace, name, object, options);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    preconditions: { resourceVersion?: string; uid?: string } = {},
    options: WriteOptions = {},
  ): KubeObject {
    const current = this.get(type, namespace, name);
    if (
      preconditions.resourceVersion !== undefined &&
      preconditions.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(type, name);
    }
    if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid)
      throw conflict(type, name);
    if (options.dryRun) return current;
    this.objects.delete(this.key(type, namespace, name));
    this.revision += 1;
    const deleted = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(this.revision) },
    };
    this.emit({ type: 'DELETED', resource: type, object: deleted });
    return deleted;
  }

  /** Serves a stored object at the requested API version. */
  render(type: ResourceType, version: string, object: KubeObject): KubeObject {
    return { ...object, apiVersion: groupVersion(type.group, version), kind: type.kind };
  }

  private replace(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    object: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    const current = this.get(type, namespace, name);
    const sent = object.metadata.resourceVersion;
    if (
      sent !== undefined &&
      sent !== null &&
      sent !== '' &&
      sent !== current.metadata.resourceVersion
    ) {
      throw conflict(type, name);
    }
    this.validate(type, object);
    if (options.dryRun) return this.stamp(type, object, namespace, current, false);
    const stored = this.stamp(type, object, namespace, current, true, options.fieldManager);
    this.objects.set(this.key(type, namespace, name), stored);
    this.emit({ type: 'MODIFIED', resource: type, object: stored });
    return stored;
  }

  /** Fills in server-owned metadata; bumps the revision unless `persist` is false. */
  private stamp(
    type: ResourceType,
    object: KubeObject,
    namespace: string | undefined,
    previous: KubeObject | undefined,
    persist = true,
    fieldManager?: string,
  ): KubeObject {
    const specChanged = !previous || !jsonEqual(previous.spec, object.spec);
    const previousGeneration =
      typeof previous?.metadata.generation === 'number' ? previous.metadata.generation : 0;
    if (persist) this.revision += 1;
    const metadata: Record<string, Json> = {
      ...object.metadata,
      ...(namespace !== undefined ? { namespace } : {}),
      uid: previous?.metadata.uid ?? object.metadata.uid ?? this.options.newUid(),
      creationTimestamp:
        previous?.metadata.creationTimestamp ??
        object.metadata.creationTimestamp ??
        this.options
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      generation: specChanged ? previousGeneration + 1 : previousGeneration,
      resourceVersion: persist
        ? String(this.revision)
        : String(previous?.metadata.resourceVersion ?? ''),
    };
    if (!persist && !previous) delete metadata.resourceVersion;
    // Each write is recorded under its manager with its time (seconds, as the API server
    // writes them): how a dashboard can tell when routing last changed, and by whom.
    if (persist && fieldManager !== undefined) {
      const all = Array.isArray(previous?.metadata.managedFields)
        ? previous.metadata.managedFields
        : [];
      const own = all.find((entry) => isObj(entry) && entry.manager === fieldManager);
      const kept = all.filter((entry) => entry !== own);
      metadata.managedFields = [
        ...kept,
        {
          manager: fieldManager,
          operation: 'Update',
          apiVersion: groupVersion(type.group, type.versions[0] ?? 'v1'),
          time: this.options
            .now()
            .toISOString()
            .replace(/\.\d+Z$/, 'Z'),
          fieldsType: 'FieldsV1',
          // What this manager has set, as top-level fields: its earlier ones and this write's.
          fieldsV1: ownedFields(
            isObj(own) && isObj(own.fieldsV1) ? own.fieldsV1 : {},
            previous,
            object,
          ),
        },
      ];
    }
    const stamped: KubeObject = { ...object, metadata };
    delete stamped.apiVersion;
    delete stamped.kind;
    return stamped;
  }

  private checkBody(type: ResourceType, namespace: string | undefined, body: unknown): KubeObject {
    if (!isObj(body)) throw badRequest('the request body must be a JSON object');
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw badRequest(
        `the kind of the object (${String(body.kind)}) does not match the endpoint (${type.kind})`,
      );
    }
    const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : undefined;
    const group = apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
    if (apiVersion !== undefined && group !== type.group) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API group (${type.group || 'core'})`,
      );
    }
    const metadata = isObj(body.metadata) ? body.metadata : {};
    if (
      namespace !== undefined &&
      metadata.namespace !== undefined &&
      metadata.namespace !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    return { ...body, metadata: { ...metadata } } as KubeObject;
  }

  private validate(type: ResourceType, object: KubeObject): void {
    const causes =
      type.kind === 'ConfigMap'
        ? validateConfigMap(object)
        : type.kind === 'Service'
          ? validateService(object)
          : type.kind === 'HTTPRoute'
            ? validateHttpRoute(object)
            : type.group === 'networking.istio.io'
              ? validateIstioObject(type.kind, object)
              : [];
    if (causes.length > 0) throw invalid(type, String(object.metadata.name ?? ''), causes);
  }

  /** A new ClusterIP Service gets its address from the API server, as on a cluster. */
  private allocateClusterIp(object: KubeObject): void {
    const spec = isObj(object.spec) ? object.spec : {};
    if (spec.clusterIP !== undefined || (spec.type !== undefined && spec.type !== 'ClusterIP'))
      return;
    this.clusterIps += 1;
    object.spec = {
      ...spec,
      type: 'ClusterIP',
      clusterIP: `10.96.${1 + Math.floor(this.clusterIps / 250)}.${this.clusterIps % 250}`,
    };
  }

  private requireNamespace(namespace: string): void {
    if (!this.objects.has(`/namespaces//${namespace}`)) {
      throw new KubeStatusError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    }
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}/${type.plural}/${type.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
