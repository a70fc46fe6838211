/** Our own Kubernetes types: only the fields Meshlens uses, already validated. */

export type Labels = Readonly<Record<string, string>>;

/** How Meshlens reaches the Kubernetes API, in order of precedence (see lib/config/env.ts). */
export type KubeAccess =
  | { mode: 'url'; url: string; skipTlsVerify: boolean }
  | { mode: 'kubeconfig'; path: string; context?: string }
  | { mode: 'in-cluster' }
  | { mode: 'default'; context?: string };

export interface KubeNamespace {
  name: string;
  labels: Labels;
}

export interface KubeServicePort {
  name: string | undefined;
  port: number;
  protocol: string;
  appProtocol: string | undefined;
}

export interface KubeService {
  namespace: string;
  name: string;
  labels: Labels;
  selector: Labels;
  ports: KubeServicePort[];
}

export interface KubeDeployment {
  namespace: string;
  name: string;
  labels: Labels;
  /** Labels of the pod template: where `app` and `version` live. */
  templateLabels: Labels;
  desiredReplicas: number;
  availableReplicas: number;
}

/** A ReplicaSet of a Deployment: one rollout of its pod template. */
export interface KubeReplicaSet {
  namespace: string;
  name: string;
  /** The Deployment that owns it, if any. */
  deployment: string | undefined;
  /** `deployment.kubernetes.io/revision`: the rollout's number. */
  revision: number | undefined;
  /** Unix seconds of its creation: when the rollout began. */
  createdSec: number | undefined;
  desiredReplicas: number;
  /** Labels of the pod template: where `app` and `version` live. */
  templateLabels: Labels;
}

export interface KubePod {
  namespace: string;
  name: string;
  labels: Labels;
  phase: string;
  ready: boolean;
  podIP: string | undefined;
  /** Unix seconds of its creation. */
  createdSec: number | undefined;
  nodeName: string | undefined;
  /** Its containers in spec order, with their status when the kubelet reported one. */
  containers: KubeContainer[];
}

export interface KubeContainer {
  name: string;
  image: string | undefined;
  ready: boolean;
  restartCount: number;
}

/** What to read of a container's log (the pods/log subresource's options). */
export interface PodLogOptions {
  container: string;
  /** The newest lines only. */
  tailLines?: number;
  /** Lines of the last this many seconds only. */
  sinceSeconds?: number;
  /** Keep the stream open and send new lines as they are written. */
  follow?: boolean;
}

export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';
/** The Kubernetes Gateway API's group, and its versions newest first. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_VERSIONS = ['v1', 'v1beta1'] as const;

/**
 * The routing kinds Meshlens reads and writes: Istio's VirtualService and DestinationRule, and
 * the Gateway API's HTTPRoute (which Istio implements).
 */
export const ROUTING_KINDS = {
  VirtualService: { group: ISTIO_NETWORKING_GROUP, plural: 'virtualservices' },
  DestinationRule: { group: ISTIO_NETWORKING_GROUP, plural: 'destinationrules' },
  HTTPRoute: { group: GATEWAY_API_GROUP, plural: 'httproutes' },
} as const;

export type RoutingKind = keyof typeof ROUTING_KINDS;

/** Versions of networking.istio.io we understand, newest first. */
export const ISTIO_NETWORKING_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'] as const;
export type IstioNetworkingVersion = (typeof ISTIO_NETWORKING_VERSIONS)[number];

export interface ObjectMeta {
  name: string;
  namespace: string;
  /** Empty for the answer to a dry-run create, which persists nothing. */
  resourceVersion: string;
  uid: string | undefined;
  generation: number | undefined;
  labels: Labels;
  annotations: Labels;
  /** `creationTimestamp`, unix seconds (which of two routes for a host Istio takes). */
  createdSec?: number;
  /** The last write the API server recorded (`managedFields`' newest, else creation); for
   * routing objects. */
  changed?: { atSec: number; by?: string; actor?: string };
}

/**
 * Who wrote an object through Meshlens (`user alice`, `token sha256:…`), recorded on the object
 * itself so every replica and every later reader sees it.
 */
export const CHANGED_BY_ANNOTATION = 'meshlens.dev/changed-by';

/** A VirtualService, DestinationRule or HTTPRoute as stored; `spec` is checked by lib/routing. */
export interface RoutingResource {
  apiVersion: string;
  kind: RoutingKind;
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
}

/** What the caller sends to create or replace a routing object. */
export interface RoutingResourceInput {
  kind: RoutingKind;
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** RFC 6902 operation; `test` is how a patch carries a precondition. */
export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

/** A PeerAuthentication's effect on mTLS, for display beside the routing. */
export interface PeerAuthentication {
  namespace: string;
  name: string;
  /** `STRICT`, `PERMISSIVE`, `DISABLE` or `UNSET` (inherit). */
  mode: string;
  /** Workload selector labels; empty for a namespace- or mesh-wide policy. */
  selector: Labels;
}

/** A ConfigMap: what Meshlens keeps in one (its shared sign-out record). */
export interface KubeConfigMap {
  namespace: string;
  name: string;
  /** Absent for one not yet created. */
  resourceVersion?: string;
  data: Record<string, string>;
}

/** A gateway object: Istio's `Gateway` (networking.istio.io) or the Gateway API's `Gateway`. */
export interface GatewayObject {
  api: 'istio' | 'gateway-api';
  namespace: string;
  name: string;
  spec: Record<string, unknown>;
}

/** Istio kinds listed as they are (validations, the Istio config list), besides routing's. */
export const ISTIO_CONFIG_KINDS = {
  ServiceEntry: { group: 'networking.istio.io', plural: 'serviceentries' },
  Sidecar: { group: 'networking.istio.io', plural: 'sidecars' },
  PeerAuthentication: { group: 'security.istio.io', plural: 'peerauthentications' },
  AuthorizationPolicy: { group: 'security.istio.io', plural: 'authorizationpolicies' },
  RequestAuthentication: { group: 'security.istio.io', plural: 'requestauthentications' },
} as const;
export type IstioConfigKind = keyof typeof ISTIO_CONFIG_KINDS;

/** An Istio object as stored: its spec unread (validations read it). */
export interface IstioConfigObject {
  namespace: string;
  name: string;
  /** Creation, unix seconds. */
  createdSec?: number;
  spec: Record<string, unknown>;
}

/** A TLS certificate as a Secret holds it: when it expires, and for whom. */
export interface SecretCertificate {
  notAfterSec: number;
  subject: string;
}
