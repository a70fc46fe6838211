import 'server-only';
import { X509Certificate } from 'node:crypto';
import type { RequestOptions } from 'node:https';
import { Readable } from 'node:stream';
import {
  AppsV1Api,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  AuthorizationV1Api,
  type ConfigurationOptions,
} from '@kubernetes/client-node';
import type { z } from 'zod';
import type { KubeAccess } from './types';
import { loadKubeConfig } from './kubeconfig';
import { UpstreamError, isUpstreamError, redactUrl } from '../upstream/errors';
import type { CallObserver } from '../upstream/fetch-json';
import { formatZodIssues } from '../upstream/fetch-json';
import type { ConcurrencyLimit } from '../upstream/limit';
import { withTimeout } from '../upstream/signals';
import { toUpstreamError } from './errors';
import { chooseIstioVersion } from './istio-version';
import { beforeSend, jsonPatchHeader } from './middleware';
import { getStream } from './stream';
import {
  CHANGED_BY_ANNOTATION,
  GATEWAY_API_GROUP,
  GATEWAY_API_VERSIONS,
  ISTIO_NETWORKING_GROUP,
  ROUTING_KINDS,
  ISTIO_CONFIG_KINDS,
  type IstioConfigKind,
  type IstioConfigObject,
  type RoutingKind,
  type IstioNetworkingVersion,
  type RoutingResource,
  type RoutingResourceInput,
  type GatewayObject,
  type JsonPatchOp,
  type SecretCertificate,
  type KubeConfigMap,
  type KubeDeployment,
  type KubeNamespace,
  type KubePod,
  type PodLogOptions,
  type KubeReplicaSet,
  type ObjectMeta,
  type PeerAuthentication,
  type KubeService,
} from './types';

import {
  wireApiGroupList,
  wireConfigMap,
  wireConfigObject,
  wireTlsSecret,
  wireDeployment,
  wireRoutingResource,
  wireList,
  wireNamespace,
  wireAccessReview,
  wirePeerAuthentication,
  wirePod,
  wireReplicaSet,
  wireService,
  wireStatus,
  wireVersion,
} from './wire';

/** How Meshlens' writes are recorded in `managedFields`: who changed a route, and when. */
const FIELD_MANAGER = 'meshlens';

export interface KubeClientOptions {
  access: KubeAccess;
  timeoutMs: number;
  observe?: CallObserver;
  /** A bearer token to use instead of the configured credentials (per-user access). */
  token?: string;
  /** Act as this user (and groups) through Kubernetes impersonation. */
  impersonate?: { user: string; groups?: string[] };
  /** Bound on calls in flight (shared by the per-user clients too). */
  limit?: ConcurrencyLimit;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  /** `?dryRun=All`: validate and admit, but persist nothing. */
  dryRun?: boolean;
}

/** Typed access to the parts of the Kubernetes API Meshlens uses. */
export interface KubeClient {
  readonly server: string;
  /** The kubeconfig context in use (kubeconfig access only): which cluster writes go to. */
  readonly context: string | undefined;
  version(options?: CallOptions): Promise<{ gitVersion: string }>;
  listNamespaces(options?: CallOptions): Promise<KubeNamespace[]>;
  listServices(namespace?: string, options?: CallOptions): Promise<KubeService[]>;
  listDeployments(namespace?: string, options?: CallOptions): Promise<KubeDeployment[]>;
  listReplicaSets(namespace?: string, options?: CallOptions): Promise<KubeReplicaSet[]>;
  listPods(namespace?: string, options?: CallOptions): Promise<KubePod[]>;
  /**
   * A container's log as plain text, each line prefixed with its RFC 3339 time; with `follow`,
   * new lines keep arriving until `signal` aborts.
   */
  streamPodLog(
    namespace: string,
    pod: string,
    log: PodLogOptions,
    options?: CallOptions,
  ): Promise<ReadableStream<Uint8Array>>;
  getConfigMap(namespace: string, name: string, options?: CallOptions): Promise<KubeConfigMap>;
  /**
   * Creates the ConfigMap when it has no `resourceVersion`, else replaces it (409 when that
   * version is stale).
   */
  writeConfigMap(configMap: KubeConfigMap, options?: CallOptions): Promise<KubeConfigMap>;
  /** Whether our credentials may do something (a SelfSubjectAccessReview). */
  canI(
    attributes: { verb: string; group: string; resource: string; namespace?: string },
    options?: CallOptions,
  ): Promise<boolean>;
  /** PeerAuthentications (security.istio.io), or an empty list when Istio's CRD is absent. */
  listPeerAuthentications(namespace?: string, options?: CallOptions): Promise<PeerAuthentication[]>;
  /** The served networking.istio.io version we should use (preferred first), if any. */
  istioNetworkingVersion(options?: CallOptions): Promise<IstioNetworkingVersion | undefined>;
  listRouting(
    kind: RoutingKind,
    namespace?: string,
    options?: CallOptions,
  ): Promise<RoutingResource[]>;
  /**
   * Objects of an Istio kind (ServiceEntries, Sidecars, security policies), at the served
   * version (networking: as discovered; security: v1); none where the kind is not served.
   */
  listIstioConfig(
    kind: IstioConfigKind,
    namespace?: string,
    options?: CallOptions,
  ): Promise<IstioConfigObject[]>;
  /**
   * Istio Gateways and Gateway API Gateways, where each API is served (none where it is not).
   */
  listGateways(namespace?: string, options?: CallOptions): Promise<GatewayObject[]>;
  /**
   * The certificate a TLS Secret (`tls.crt`) holds. Its key is never kept: only the expiry and
   * subject are read. Fails (403) where the credentials may not read Secrets.
   */
  getSecretCertificate(
    namespace: string,
    name: string,
    options?: CallOptions,
  ): Promise<SecretCertificate>;
  /** The served gateway.networking.k8s.io version we use (`v1` before `v1beta1`), if any. */
  gatewayApiVersion(options?: CallOptions): Promise<string | undefined>;
  getRouting(
    kind: RoutingKind,
    namespace: string,
    name: string,
    options?: CallOptions,
  ): Promise<RoutingResource>;
  createRouting(object: RoutingResourceInput, options?: WriteOptions): Promise<RoutingResource>;
  /** PUT; fails with 409 when `metadata.resourceVersion` is stale. */
  replaceRouting(object: RoutingResourceInput, options?: WriteOptions): Promise<RoutingResource>;
  patchRouting(
    kind: RoutingKind,
    namespace: string,
    name: string,
    patch: JsonPatchOp[],
    options?: WriteOptions,
  ): Promise<RoutingResource>;
  deleteRouting(
    kind: RoutingKind,
    namespace: string,
    name: string,
    options?: WriteOptions & { resourceVersion?: string },
  ): Promise<void>;
}

/**
 * Sends `name` once per value, as separate header lines: Kubernetes reads each
 * `Impersonate-Group` line as one group, and a comma-joined line as a single (wrong) name.
 * client-node keeps headers in a plain object (one value per name); node-fetch, which sends
 * them, takes an iterable of pairs instead when the object offers one, so the object gets an
 * iterator that adds the repeated pairs.
 */
function repeatHeader(
  headers: Record<string, string>,
  name: string,
  values: readonly string[] | undefined,
): void {
  if (!values?.length) return;
  Object.defineProperty(headers, Symbol.iterator, {
    enumerable: false,
    configurable: true,
    value: function* pairs(): Generator<[string, string]> {
      for (const entry of Object.entries(headers)) yield entry;
      for (const value of values) yield [name, value];
    },
  });
}

/** Creates a Kubernetes client. Construction does no I/O. */
export function createKubeClient(options: KubeClientOptions): KubeClient {
  const kc = loadKubeConfig(options.access, options.token);
  const server = kc.getCurrentCluster()?.server ?? '(no cluster configured)';
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const apis = kc.makeApiClient(ApisApi);
  const versionApi = kc.makeApiClient(VersionApi);
  const authorization = kc.makeApiClient(AuthorizationV1Api);

  /**
   * Runs one client-node call with a timeout and the caller's signal, maps ApiException and
   * network errors to UpstreamError, and validates the result with `schema`.
   */
  function run<S extends z.ZodType>(
    what: string,
    schema: S,
    send: (config: ConfigurationOptions) => Promise<unknown>,
    signal: AbortSignal | undefined,
    extra: ConfigurationOptions = {},
  ): Promise<z.infer<S>> {
    const call = () => runNow(what, schema, send, signal, extra);
    return options.limit ? options.limit.run(redactUrl(server), call) : call();
  }

  async function runNow<S extends z.ZodType>(
    what: string,
    schema: S,
    send: (config: ConfigurationOptions) => Promise<unknown>,
    signal: AbortSignal | undefined,
    extra: ConfigurationOptions,
  ): Promise<z.infer<S>> {
    const started = performance.now();
    const timer = withTimeout(options.timeoutMs, signal);
    const observe = (outcome: 'success' | 'error' | 'timeout'): void =>
      options.observe?.('kubernetes', outcome, (performance.now() - started) / 1000);
    const config: ConfigurationOptions = {
      ...extra,
      middleware: [
        ...(extra.middleware ?? []),
        beforeSend((context) => {
          context.setSignal(timer.signal);
          if (options.impersonate) {
            context.setHeaderParam('Impersonate-User', options.impersonate.user);
            repeatHeader(context.getHeaders(), 'Impersonate-Group', options.impersonate.groups);
          }
        }),
      ],
      middlewareMergeStrategy: 'append',
    };
    try {
      const body = await send(config);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new UpstreamError(
          `unexpected response to ${what}: ${formatZodIssues(parsed.error)}`,
          {
            upstream: 'kubernetes',
            kind: 'invalid-response',
            url: redactUrl(server),
          },
        );
      }
      observe('success');
      return parsed.data;
    } catch (error) {
      observe(timer.timedOut() ? 'timeout' : 'error');
      throw toUpstreamError(error, what, server, options.timeoutMs, timer.timedOut(), signal);
    } finally {
      timer.dispose();
    }
  }

  const plural = (kind: RoutingKind): string => ROUTING_KINDS[kind].plural;

  /** The version of a routing kind's group to use; a 404 when the group is not served. */
  async function versionOf(kind: RoutingKind, signal?: AbortSignal): Promise<string> {
    const { group } = ROUTING_KINDS[kind];
    const version =
      group === GATEWAY_API_GROUP
        ? await client.gatewayApiVersion({ signal })
        : await client.istioNetworkingVersion({ signal });
    if (!version) {
      throw new UpstreamError(
        `the API group ${group} is not served (is ${group === GATEWAY_API_GROUP ? 'the Gateway API' : 'Istio'} installed?)`,
        {
          upstream: 'kubernetes',
          kind: 'http',
          status: 404,
          reason: 'NotFound',
          url: redactUrl(server),
        },
      );
    }
    return version;
  }

  /** The API groups the server serves, asked once and remembered for the client's lifetime. */
  let groups: Promise<z.infer<typeof wireApiGroupList>> | undefined;
  const discover = (signal: AbortSignal | undefined) => {
    groups ??= run(
      'discover API groups',
      wireApiGroupList,
      (c) => apis.getAPIVersions({}, c),
      signal,
    ).catch((error: unknown) => {
      groups = undefined;
      throw error;
    });
    return groups;
  };

  const toRouting = (raw: z.infer<typeof wireRoutingResource>): RoutingResource => ({
    apiVersion: raw.apiVersion,
    kind: raw.kind,
    metadata: objectMeta(raw.metadata),
    spec: raw.spec ?? {},
  });

  const body = (object: RoutingResourceInput, version: string): object => ({
    apiVersion: `${ROUTING_KINDS[object.kind].group}/${version}`,
    kind: object.kind,
    metadata: object.metadata,
    spec: object.spec,
  });

  const toConfigMap = (raw: z.infer<typeof wireConfigMap>, namespace: string): KubeConfigMap => ({
    namespace: raw.metadata.namespace ?? namespace,
    name: raw.metadata.name,
    resourceVersion: raw.metadata.resourceVersion,
    data: raw.data ?? {},
  });

  const client: KubeClient = {
    server,
    context:
      options.access.mode === 'kubeconfig' || options.access.mode === 'default'
        ? kc.getCurrentContext() || undefined
        : undefined,
    version: ({ signal } = {}) =>
      run('GET /version', wireVersion, (c) => versionApi.getCode({}, c), signal),

    listNamespaces: async ({ signal } = {}) => {
      const list = await run(
        'list namespaces',
        wireList(wireNamespace),
        (c) => core.listNamespace({}, c),
        signal,
      );
      return list.items.map((ns) => ({ name: ns.metadata.name, labels: ns.metadata.labels }));
    },

    listServices: async (namespace, { signal } = {}) => {
      const list = await run(
        `list services${namespace ? ` in ${namespace}` : ''}`,
        wireList(wireService),
        (c) =>
          namespace
            ? core.listNamespacedService({ namespace }, c)
            : core.listServiceForAllNamespaces({}, c),
        signal,
      );
      return list.items.map((svc) => ({
        namespace: svc.metadata.namespace ?? namespace ?? '',
        name: svc.metadata.name,
        labels: svc.metadata.labels,
        selector: svc.spec?.selector ?? {},
        ports: (svc.spec?.ports ?? []).map((p) => ({
          name: p.name,
          port: p.port,
          protocol: p.protocol ?? 'TCP',
          appProtocol: p.appProtocol,
        })),
      }));
    },

    listDeployments: async (namespace, { signal } = {}) => {
      const list = await run(
        `list deployments${namespace ? ` in ${namespace}` : ''}`,
        wireList(wireDeployment),
        (c) =>
          namespace
            ? apps.listNamespacedDeployment({ namespace }, c)
            : apps.listDeploymentForAllNamespaces({}, c),
        signal,
      );
      return list.items.map((d) => ({
        namespace: d.metadata.namespace ?? namespace ?? '',
        name: d.metadata.name,
        labels: d.metadata.labels,
        templateLabels: d.spec?.template?.metadata?.labels ?? {},
        desiredReplicas: d.spec?.replicas ?? 1,
        availableReplicas: d.status?.availableReplicas ?? 0,
      }));
    },

    listReplicaSets: async (namespace, { signal } = {}) => {
      const list = await run(
        `list replicasets${namespace ? ` in ${namespace}` : ''}`,
        wireList(wireReplicaSet),
        (c) =>
          namespace
            ? apps.listNamespacedReplicaSet({ namespace }, c)
            : apps.listReplicaSetForAllNamespaces({}, c),
        signal,
      );
      return list.items.map((rs) => {
        const revision = Number(rs.metadata.annotations['deployment.kubernetes.io/revision']);
        return {
          namespace: rs.metadata.namespace ?? namespace ?? '',
          name: rs.metadata.name,
          deployment: rs.metadata.ownerReferences?.find(
            (o) => o.kind === 'Deployment' && o.controller,
          )?.name,
          revision: Number.isInteger(revision) && revision > 0 ? revision : undefined,
          createdSec: unixSec(rs.metadata.creationTimestamp),
          desiredReplicas: rs.spec?.replicas ?? 1,
          templateLabels: rs.spec?.template?.metadata?.labels ?? {},
        };
      });
    },

    listPods: async (namespace, { signal } = {}) => {
      const list = await run(
        `list pods${namespace ? ` in ${namespace}` : ''}`,
        wireList(wirePod),
        (c) =>
          namespace
            ? core.listNamespacedPod({ namespace }, c)
            : core.listPodForAllNamespaces({}, c),
        signal,
      );
      return list.items.map((p) => {
        const statuses = new Map((p.status?.containerStatuses ?? []).map((c) => [c.name, c]));
        return {
          namespace: p.metadata.namespace ?? namespace ?? '',
          name: p.metadata.name,
          labels: p.metadata.labels,
          phase: p.status?.phase ?? 'Unknown',
          ready: (p.status?.conditions ?? []).some(
            (c) => c.type === 'Ready' && c.status === 'True',
          ),
          podIP: p.status?.podIP,
          createdSec: unixSec(p.metadata.creationTimestamp),
          nodeName: p.spec?.nodeName ?? undefined,
          containers: (p.spec?.containers ?? []).map((c) => {
            const status = statuses.get(c.name);
            return {
              name: c.name,
              image: status?.image ?? c.image ?? undefined,
              ready: status?.ready ?? false,
              restartCount: status?.restartCount ?? 0,
            };
          }),
        };
      });
    },

    streamPodLog: async (namespace, pod, log, { signal } = {}) => {
      const what = `read the log of ${log.container} in pods/${pod} in ${namespace}`;
      const query = new URLSearchParams({ container: log.container, timestamps: 'true' });
      if (log.tailLines !== undefined) query.set('tailLines', String(log.tailLines));
      if (log.sinceSeconds !== undefined) query.set('sinceSeconds', String(log.sinceSeconds));
      if (log.follow) query.set('follow', 'true');
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${query}`;
      // The timeout covers the answer's start only: a followed log stays open for as long as
      // the caller's signal allows.
      const timer = withTimeout(options.timeoutMs, signal);
      try {
        const https: RequestOptions = { headers: {} };
        await kc.applyToHTTPSOptions(https);
        const response = await getStream(`${server}${path}`, {
          ...https,
          headers: {
            ...https.headers,
            ...(options.impersonate
              ? {
                  'Impersonate-User': options.impersonate.user,
                  'Impersonate-Group': options.impersonate.groups,
                }
              : {}),
          },
          signal: timer.signal,
        });
        timer.dispose();
        if (response.status === 200) {
          const stream = response.body;
          signal?.addEventListener('abort', () => stream.destroy(), { once: true });
          return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
        }
        const text = await response.text();
        throw Object.assign(new Error(text), { code: response.status, body: text });
      } catch (error) {
        throw toUpstreamError(error, what, server, options.timeoutMs, timer.timedOut(), signal);
      } finally {
        timer.dispose();
      }
    },

    getConfigMap: async (namespace, name, { signal } = {}) =>
      toConfigMap(
        await run(
          `get configmaps/${name} in ${namespace}`,
          wireConfigMap,
          (c) => core.readNamespacedConfigMap({ namespace, name }, c),
          signal,
        ),
        namespace,
      ),

    writeConfigMap: async ({ namespace, name, resourceVersion, data }, { signal } = {}) => {
      const body = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace, name, resourceVersion },
        data,
      };
      const raw = await run(
        `${resourceVersion ? 'replace' : 'create'} configmaps/${name} in ${namespace}`,
        wireConfigMap,
        (c) =>
          resourceVersion
            ? core.replaceNamespacedConfigMap({ namespace, name, body }, c)
            : core.createNamespacedConfigMap({ namespace, body }, c),
        signal,
      );
      return toConfigMap(raw, namespace);
    },

    canI: async ({ verb, group, resource, namespace }, { signal } = {}) => {
      const review = await run(
        `check access to ${verb} ${resource}`,
        wireAccessReview,
        (c) =>
          authorization.createSelfSubjectAccessReview(
            {
              body: {
                apiVersion: 'authorization.k8s.io/v1',
                kind: 'SelfSubjectAccessReview',
                spec: { resourceAttributes: { verb, group, resource, namespace } },
              },
            },
            c,
          ),
        signal,
      );
      return review.status?.allowed ?? false;
    },

    listPeerAuthentications: async (namespace, { signal } = {}) => {
      const group = 'security.istio.io';
      const plural = 'peerauthentications';
      try {
        const list = await run(
          `list peerauthentications${namespace ? ` in ${namespace}` : ''}`,
          wireList(wirePeerAuthentication),
          (c) =>
            namespace
              ? custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural }, c)
              : custom.listClusterCustomObject({ group, version: 'v1', plural }, c),
          signal,
        );
        return list.items.map((p) => ({
          namespace: p.metadata.namespace,
          name: p.metadata.name,
          mode: p.spec?.mtls?.mode ?? 'UNSET',
          selector: p.spec?.selector?.matchLabels ?? {},
        }));
      } catch (error) {
        // No Istio security CRDs (or not at v1, Istio < 1.22): no policy to show.
        if (isUpstreamError(error) && error.status === 404) return [];
        throw error;
      }
    },

    listIstioConfig: async (kind, namespace, { signal } = {}) => {
      const { group, plural } = ISTIO_CONFIG_KINDS[kind];
      const version =
        group === ISTIO_NETWORKING_GROUP ? await client.istioNetworkingVersion({ signal }) : 'v1';
      if (!version) return [];
      try {
        const list = await run(
          `list ${plural}${namespace ? ` in ${namespace}` : ''}`,
          wireList(wireConfigObject),
          (c) =>
            namespace
              ? custom.listNamespacedCustomObject({ group, version, namespace, plural }, c)
              : custom.listClusterCustomObject({ group, version, plural }, c),
          signal,
        );
        return list.items.map((o) => ({
          namespace: o.metadata.namespace,
          name: o.metadata.name,
          ...(o.metadata.creationTimestamp
            ? { createdSec: unixSec(o.metadata.creationTimestamp) }
            : {}),
          spec: o.spec ?? {},
        }));
      } catch (error) {
        // The kind is not served (Istio not installed, or too old for security.istio.io/v1).
        if (isUpstreamError(error) && error.status === 404) return [];
        throw error;
      }
    },

    listGateways: async (namespace, { signal } = {}) => {
      const [istio, gatewayApi] = await Promise.all([
        client.istioNetworkingVersion({ signal }),
        client.gatewayApiVersion({ signal }),
      ]);
      const list = async (api: GatewayObject['api'], group: string, version: string) => {
        const plural = 'gateways';
        const items = await run(
          `list ${group} gateways${namespace ? ` in ${namespace}` : ''}`,
          wireList(wireConfigObject),
          (c) =>
            namespace
              ? custom.listNamespacedCustomObject({ group, version, namespace, plural }, c)
              : custom.listClusterCustomObject({ group, version, plural }, c),
          signal,
        );
        return items.items.map((g): GatewayObject => ({
          api,
          namespace: g.metadata.namespace,
          name: g.metadata.name,
          spec: g.spec ?? {},
        }));
      };
      const lists = await Promise.all([
        istio ? list('istio', ISTIO_NETWORKING_GROUP, istio) : [],
        gatewayApi ? list('gateway-api', GATEWAY_API_GROUP, gatewayApi) : [],
      ]);
      return lists.flat();
    },

    getSecretCertificate: async (namespace, name, { signal } = {}) => {
      const what = `read the certificate of secrets/${name} in ${namespace}`;
      const secret = await run(
        what,
        wireTlsSecret,
        (c) => core.readNamespacedSecret({ name, namespace }, c),
        signal,
      );
      const pem = secret.data?.['tls.crt'];
      const certificate = pem ? parseCertificate(Buffer.from(pem, 'base64')) : undefined;
      if (!certificate)
        throw new UpstreamError(`${what}: it holds no PEM certificate in tls.crt`, {
          upstream: 'kubernetes',
          kind: 'invalid-response',
          url: redactUrl(server),
        });
      return certificate;
    },

    istioNetworkingVersion: async ({ signal } = {}) =>
      chooseIstioVersion(
        (await discover(signal)).groups.find((g) => g.name === ISTIO_NETWORKING_GROUP),
      ),

    gatewayApiVersion: async ({ signal } = {}) => {
      const served = (await discover(signal)).groups
        .find((g) => g.name === GATEWAY_API_GROUP)
        ?.versions.map((v) => v.version);
      return GATEWAY_API_VERSIONS.find((v) => served?.includes(v));
    },

    listRouting: async (kind, namespace, { signal } = {}) => {
      const version = await versionOf(kind, signal);
      const group = ROUTING_KINDS[kind].group;
      const list = await run(
        `list ${plural(kind)}${namespace ? ` in ${namespace}` : ''}`,
        wireList(wireRoutingResource),
        (c) =>
          namespace
            ? custom.listNamespacedCustomObject(
                { group, version, namespace, plural: plural(kind) },
                c,
              )
            : custom.listClusterCustomObject({ group, version, plural: plural(kind) }, c),
        signal,
      );
      return list.items.map(toRouting);
    },

    getRouting: async (kind, namespace, name, { signal } = {}) => {
      const version = await versionOf(kind, signal);
      const { group } = ROUTING_KINDS[kind];
      const raw = await run(
        `get ${plural(kind)}/${name} in ${namespace}`,
        wireRoutingResource,
        (c) =>
          custom.getNamespacedCustomObject(
            { group, version, namespace, plural: plural(kind), name },
            c,
          ),
        signal,
      );
      return toRouting(raw);
    },

    createRouting: async (object, { signal, dryRun } = {}) => {
      const version = await versionOf(object.kind, signal);
      const { group } = ROUTING_KINDS[object.kind];
      const { namespace, name } = object.metadata;
      const raw = await run(
        `create ${plural(object.kind)}/${name} in ${namespace}`,
        wireRoutingResource,
        (c) =>
          custom.createNamespacedCustomObject(
            {
              group,
              version,
              namespace,
              plural: plural(object.kind),
              body: body(object, version),
              dryRun: dryRun ? 'All' : undefined,
              fieldManager: FIELD_MANAGER,
            },
            c,
          ),
        signal,
      );
      return toRouting(raw);
    },

    replaceRouting: async (object, { signal, dryRun } = {}) => {
      const version = await versionOf(object.kind, signal);
      const { group } = ROUTING_KINDS[object.kind];
      const { namespace, name } = object.metadata;
      const raw = await run(
        `replace ${plural(object.kind)}/${name} in ${namespace}`,
        wireRoutingResource,
        (c) =>
          custom.replaceNamespacedCustomObject(
            {
              group,
              version,
              namespace,
              plural: plural(object.kind),
              name,
              body: body(object, version),
              dryRun: dryRun ? 'All' : undefined,
              fieldManager: FIELD_MANAGER,
            },
            c,
          ),
        signal,
      );
      return toRouting(raw);
    },

    patchRouting: async (kind, namespace, name, patch, { signal, dryRun } = {}) => {
      const version = await versionOf(kind, signal);
      const { group } = ROUTING_KINDS[kind];
      const raw = await run(
        `patch ${plural(kind)}/${name} in ${namespace}`,
        wireRoutingResource,
        (c) =>
          custom.patchNamespacedCustomObject(
            {
              group,
              version,
              namespace,
              plural: plural(kind),
              name,
              body: patch,
              dryRun: dryRun ? 'All' : undefined,
              fieldManager: FIELD_MANAGER,
            },
            c,
          ),
        signal,
        jsonPatchHeader,
      );
      return toRouting(raw);
    },

    deleteRouting: async (kind, namespace, name, { signal, dryRun, resourceVersion } = {}) => {
      const version = await versionOf(kind, signal);
      const { group } = ROUTING_KINDS[kind];
      await run(
        `delete ${plural(kind)}/${name} in ${namespace}`,
        wireIstioDeleteResult,
        (c) =>
          custom.deleteNamespacedCustomObject(
            {
              group,
              version,
              namespace,
              plural: plural(kind),
              name,
              dryRun: dryRun ? 'All' : undefined,
              body: resourceVersion ? { preconditions: { resourceVersion } } : undefined,
            },
            c,
          ),
        signal,
      );
    },
  };
  return client;
}

/** Delete answers with the object or a Status; either is fine. */
const wireIstioDeleteResult = wireRoutingResource.or(wireStatus);

const unixSec = (time: string | Date | undefined): number | undefined => {
  const ms = time === undefined ? NaN : new Date(time).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
};

/** Our ObjectMeta of an object's metadata as listed. */
function objectMeta(meta: z.infer<typeof wireRoutingResource>['metadata']): ObjectMeta {
  return {
    name: meta.name,
    namespace: meta.namespace,
    resourceVersion: meta.resourceVersion ?? '',
    uid: meta.uid,
    generation: meta.generation,
    labels: meta.labels,
    annotations: meta.annotations,
    ...(unixSec(meta.creationTimestamp) !== undefined
      ? { createdSec: unixSec(meta.creationTimestamp) }
      : {}),
    ...lastChange(meta),
  };
}

/**
 * The newest write in `managedFields` by a manager that owns part of the spec, else the
 * creation: when and by which manager. A manager that only ever set labels or annotations
 * (`kubectl label`, a GitOps tracking label) changed no routing.
 */
function lastChange(meta: z.infer<typeof wireRoutingResource>['metadata']): {
  changed?: ObjectMeta['changed'];
} {
  let newest: ObjectMeta['changed'];
  for (const entry of meta.managedFields ?? []) {
    // Without `fieldsV1` (an API server that leaves it out) every write counts.
    if (entry.fieldsV1 && !('f:spec' in entry.fieldsV1)) continue;
    const atSec = unixSec(entry.time);
    if (atSec !== undefined && (!newest || atSec >= newest.atSec))
      newest = { atSec, ...(entry.manager ? { by: entry.manager } : {}) };
  }
  const created = unixSec(meta.creationTimestamp);
  newest ??= created === undefined ? undefined : { atSec: created };
  // Written last through Meshlens: it recorded who on the object.
  const actor = meta.annotations[CHANGED_BY_ANNOTATION];
  if (newest?.by === FIELD_MANAGER && actor) newest = { ...newest, actor };
  return newest ? { changed: newest } : {};
}

/**
 * HTTPRoutes (all namespaces when `namespace` is left out) at the Gateway API version served,
 * and that version; none, and no error, where the Gateway API is not installed.
 */
export async function listServedHttpRoutes(
  kube: KubeClient,
  namespace: string | undefined,
  options: CallOptions = {},
): Promise<{ version: string | undefined; routes: RoutingResource[] }> {
  const version = await kube.gatewayApiVersion(options);
  if (!version) return { version, routes: [] };
  return { version, routes: await kube.listRouting('HTTPRoute', namespace, options) };
}

/** The first certificate of a PEM bundle: its expiry and subject; undefined when unreadable. */
function parseCertificate(pem: Buffer): SecretCertificate | undefined {
  try {
    const certificate = new X509Certificate(pem);
    const notAfterMs = Date.parse(certificate.validTo);
    if (!Number.isFinite(notAfterMs)) return undefined;
    return { notAfterSec: Math.floor(notAfterMs / 1000), subject: certificate.subject };
  } catch {
    return undefined;
  }
}
