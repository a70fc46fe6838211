/** The resource types the demo API serves, as its discovery documents describe them. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  versions: string[];
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Read-only types answer 405 to writes: the demo's workloads are fixed. */
  writable: boolean;
  /**
   * What a read-only type lets a patch change: its metadata (annotations, labels), as `kubectl
   * annotate` does, and for Deployments its pod template, as `kubectl rollout restart` and
   * `kubectl set image` do (a rollout: see rollouts.ts). The demo reads some annotations (a
   * workload's extra latency).
   */
  patchable?: 'metadata' | 'metadataAndTemplate';
  shortNames: string[];
}

export const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    writable: false,
    shortNames: ['ns'],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    // Writable: Istio's Gateway API recipes add a Service per version to route to.
    writable: true,
    shortNames: ['svc'],
  },
  {
    group: '',
    versions: ['v1'],
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    writable: false,
    shortNames: ['po'],
  },
  {
    // Writable, as `kubectl create secret tls` does; the demo's gateway certificate lives in one.
    group: '',
    versions: ['v1'],
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    writable: true,
    shortNames: [],
  },
  {
    // Writable: Meshlens keeps its shared sign-out record in one (SESSION_REVOCATION_CONFIGMAP).
    group: '',
    versions: ['v1'],
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    writable: true,
    shortNames: ['cm'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    writable: false,
    patchable: 'metadataAndTemplate',
    shortNames: ['deploy'],
  },
  {
    // Written by the demo's Deployment controller only (rollouts.ts).
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    writable: false,
    shortNames: ['rs'],
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_VERSIONS,
    plural: 'virtualservices',
    singular: 'virtualservice',
    kind: 'VirtualService',
    namespaced: true,
    writable: true,
    shortNames: ['vs'],
  },
  {
    group: 'networking.istio.io',
    versions: ISTIO_VERSIONS,
    plural: 'destinationrules',
    singular: 'destinationrule',
    kind: 'DestinationRule',
    namespaced: true,
    writable: true,
    shortNames: ['dr'],
  },
  {
    // Gateway API (standard channel): served at v1 and v1beta1, as clusters do.
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    plural: 'httproutes',
    singular: 'httproute',
    kind: 'HTTPRoute',
    namespaced: true,
    writable: true,
    shortNames: [],
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    plural: 'gateways',
    singular: 'gateway',
    kind: 'Gateway',
    namespaced: true,
    writable: true,
    shortNames: ['gtw'],
  },
  {
    // Istio's own Gateway (a different kind from the Gateway API's of the same name).
    group: 'networking.istio.io',
    versions: ISTIO_VERSIONS,
    plural: 'gateways',
    singular: 'gateway',
    kind: 'Gateway',
    namespaced: true,
    writable: true,
    shortNames: ['gw'],
  },
  ...(
    [
      ['networking.istio.io', ISTIO_VERSIONS, 'serviceentries', 'ServiceEntry', ['se']],
      ['networking.istio.io', ISTIO_VERSIONS, 'sidecars', 'Sidecar', []],
      [
        'security.istio.io',
        ['v1', 'v1beta1'],
        'authorizationpolicies',
        'AuthorizationPolicy',
        ['ap'],
      ],
      [
        'security.istio.io',
        ['v1', 'v1beta1'],
        'requestauthentications',
        'RequestAuthentication',
        ['ra'],
      ],
    ] as const
  ).map(([group, versions, plural, kind, shortNames]) => ({
    group,
    versions: [...versions],
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    writable: true,
    shortNames: [...shortNames],
  })),
  {
    group: 'security.istio.io',
    versions: ['v1', 'v1beta1'],
    plural: 'peerauthentications',
    singular: 'peerauthentication',
    kind: 'PeerAuthentication',
    namespaced: true,
    writable: true,
    shortNames: ['pa'],
  },
];

/** `virtualservices.networking.istio.io`, or `pods` for the core group, as in API messages. */
export const qualifiedName = (type: ResourceType): string =>
  type.group ? `${type.plural}.${type.group}` : type.plural;

/** `networking.istio.io/v1`, or `v1` for the core group. */
export const groupVersion = (group: string, version: string): string =>
  group ? `${group}/${version}` : version;

export function findResourceType(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    (t) => t.group === group && t.plural === plural && t.versions.includes(version),
  );
}

export const groupsOf = (): string[] => [
  ...new Set(RESOURCE_TYPES.map((t) => t.group).filter(Boolean)),
];

/**
 * The resource type of a kind (in `group`, for a kind two groups serve: `Gateway`); throws for
 * a kind the demo does not serve (a programming error).
 */
export function resourceTypeOf(kind: string, group?: string): ResourceType {
  const type = RESOURCE_TYPES.find(
    (t) => t.kind === kind && (group === undefined || t.group === group),
  );
  if (!type) throw new Error(`no resource type ${kind}`);
  return type;
}
