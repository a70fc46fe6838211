import type { DemoTopology, DemoWorkload } from '../topology';
import { selfSignedCertificate } from './certificate';
import { resourceTypeOf as typeOf } from './resources';
import { REVISION_ANNOTATION, replicaSetOf, shortHash, TEMPLATE_HASH_LABEL } from './rollouts';
import type { KubeObject, ObjectStore } from './store';

const INGRESS_GATEWAY = 'istio-ingressgateway';

/** The labels Istio puts on a waypoint proxy's Deployment and pods. */
const WAYPOINT_LABELS = {
  'gateway.istio.io/managed': 'istio.io-mesh-controller',
  'gateway.networking.k8s.io/gateway-name': 'waypoint',
  'istio.io/dataplane-mode': 'none',
};

/** Pod labels: sidecar injection for the sidecar mesh; none for ambient, which needs no sidecar. */
/**
 * `app` and, for a versioned workload, `version` (a gateway or waypoint has none: Istio reports
 * its canonical revision as `latest`).
 */
const appLabelsOf = (w: DemoWorkload): Record<string, string> => ({
  app: w.app,
  ...(w.version === 'unknown' ? {} : { version: w.version }),
});

const templateLabelsOf = (w: DemoWorkload): Record<string, string> => ({
  ...appLabelsOf(w),
  // What Istio's ingress gateway pods carry, and Istio Gateways select.
  ...(w.name === INGRESS_GATEWAY ? { istio: 'ingressgateway' } : {}),
  ...(w.isWaypoint
    ? WAYPOINT_LABELS
    : w.dataplane === 'ambient'
      ? {}
      : { 'sidecar.istio.io/inject': 'true' }),
});

const deploymentOf = (w: DemoWorkload): KubeObject => ({
  metadata: {
    name: w.name,
    namespace: w.namespace,
    labels: { ...appLabelsOf(w), ...(w.isWaypoint ? WAYPOINT_LABELS : {}) },
    annotations: { [REVISION_ANNOTATION]: '1' },
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: appLabelsOf(w) },
    template: {
      metadata: { labels: templateLabelsOf(w) },
      spec: {
        serviceAccountName: w.serviceAccount,
        containers: [
          w.isWaypoint || w.name === INGRESS_GATEWAY
            ? { name: PROXY_CONTAINER, image: PROXY_IMAGE }
            : { name: w.app, image: appImageOf(w) },
        ],
      },
    },
  },
  status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
});

/** The sidecar's container, and the image the demo's Istio (1.26.0) injects. */
export const PROXY_CONTAINER = 'istio-proxy';
const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.26.0';

const appImageOf = (w: DemoWorkload): string =>
  `docker.io/istio/examples-bookinfo-${w.app}-${w.version}:1.20.2`;

/**
 * The containers of a workload's pod, as running: a gateway or waypoint is the proxy alone; an
 * application pod has its own container, plus the injected sidecar unless it is ambient.
 */
export function podContainersOf(w: DemoWorkload): { name: string; image: string }[] {
  if (w.isWaypoint || w.name === INGRESS_GATEWAY)
    return [{ name: PROXY_CONTAINER, image: PROXY_IMAGE }];
  const app = { name: w.app, image: appImageOf(w) };
  return w.dataplane === 'ambient' ? [app] : [app, { name: PROXY_CONTAINER, image: PROXY_IMAGE }];
}

/** The pod-template-hash of a workload's first ReplicaSet. */
const firstTemplateHash = (w: DemoWorkload): string => shortHash(w.name, 10);

/** The name of a workload's (single) pod: `<deployment>-<template hash>-<5 chars>`. */
export const podNameOf = (w: DemoWorkload): string =>
  `${w.name}-${firstTemplateHash(w)}-${shortHash(`${w.name}/pod`, 5)}`;

/** The simulated address of the pod of the topology's `index`-th workload. */
export const podIpOf = (index: number): string => `10.244.0.${10 + index}`;

const podOf = (w: DemoWorkload, index: number, startedAt: Date): KubeObject => {
  const templateHash = firstTemplateHash(w);
  return {
    metadata: {
      name: podNameOf(w),
      namespace: w.namespace,
      // Its template's labels, as the ReplicaSet controller creates it, and what injection adds.
      labels: {
        ...templateLabelsOf(w),
        [TEMPLATE_HASH_LABEL]: templateHash,
        'security.istio.io/tlsMode': 'istio',
      },
      // An ambient pod has its traffic redirected to ztunnel instead of a sidecar.
      annotations:
        w.dataplane === 'ambient' && !w.isWaypoint
          ? { 'ambient.istio.io/redirection': 'enabled' }
          : { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
    },
    spec: {
      serviceAccountName: w.serviceAccount,
      nodeName: 'demo-node',
      containers: podContainersOf(w),
    },
    status: {
      phase: 'Running',
      containerStatuses: podContainersOf(w).map((c) => ({
        name: c.name,
        image: c.image,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: startedAt.toISOString() } },
      })),
      // Simulated pod addresses: data only, nothing listens there.
      podIP: podIpOf(index),
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
      ],
    },
  };
};

/**
 * The ClusterIP of each Service of the topology (`namespace/name`), numbered in the order the
 * workloads name them: what the seeded Services carry and the access logs show.
 */
export function serviceClusterIps(topology: DemoTopology): Map<string, string> {
  const ips = new Map<string, string>();
  for (const w of topology.workloads) {
    const key = `${w.namespace}/${w.service}`;
    if (!ips.has(key)) ips.set(key, `10.96.0.${21 + ips.size}`);
  }
  return ips;
}

const serviceOf = (w: DemoWorkload, clusterIP: string): KubeObject => ({
  metadata: { name: w.service, namespace: w.namespace, labels: { app: w.app, service: w.service } },
  spec: {
    type: w.name === 'istio-ingressgateway' ? 'LoadBalancer' : 'ClusterIP',
    clusterIP,
    selector: { app: w.app },
    ports: [
      {
        name: w.protocol === 'tcp' ? 'mongo' : w.protocol,
        port: w.port,
        protocol: 'TCP',
        targetPort: w.port,
      },
    ],
  },
});

/**
 * Fills the store with namespaces, Deployments (each with its first ReplicaSet), pods and
 * Services for the topology. With `cluster`, for that cluster of a topology of several: its
 * own workloads, and every namespace and Service of the mesh (Istio's namespace sameness: a
 * Service is defined in each cluster whose workloads call it).
 */
export function seedTopology(
  store: ObjectStore,
  topology: DemoTopology,
  now: Date = new Date(),
  cluster?: string,
): void {
  const runsHere = (w: DemoWorkload) => cluster === undefined || w.cluster === cluster;
  const namespaces = new Set([
    'default',
    'kube-system',
    ...topology.workloads.map((w) => w.namespace),
  ]);
  const meshed = new Set(
    topology.workloads.map((w) => w.namespace).filter((ns) => ns !== 'istio-system'),
  );
  // Ambient namespaces, with the waypoint their workloads use (the waypoint itself uses none).
  const ambient = new Map<string, string | undefined>();
  for (const w of topology.workloads)
    if (w.dataplane === 'ambient' && !ambient.get(w.namespace))
      ambient.set(w.namespace, w.waypoint);
  for (const name of namespaces) {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': name };
    // Every application namespace of the demo has sidecars, or is in ambient mode.
    if (ambient.has(name)) {
      labels['istio.io/dataplane-mode'] = 'ambient';
      const waypoint = ambient.get(name);
      if (waypoint) labels['istio.io/use-waypoint'] = waypoint;
    } else if (meshed.has(name)) labels['istio-injection'] = 'enabled';
    store.seed(typeOf('Namespace'), {
      metadata: { name, labels },
      spec: {},
      status: { phase: 'Active' },
    });
  }
  // Mesh-wide strict mTLS, as the demo's metrics report (connection_security_policy=mutual_tls).
  store.seed(typeOf('PeerAuthentication'), {
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode: 'STRICT' } },
  });
  if (
    namespaces.has('bookinfo') &&
    topology.workloads.some((w) => w.name === INGRESS_GATEWAY && runsHere(w))
  )
    seedBookinfoGateway(store, now);
  const clusterIps = serviceClusterIps(topology);
  const services = new Set<string>();
  topology.workloads.forEach((w, index) => {
    if (runsHere(w)) {
      const deployment = store.seed(typeOf('Deployment'), deploymentOf(w));
      store.seed(typeOf('ReplicaSet'), replicaSetOf(deployment, firstTemplateHash(w), 1, 1));
      store.seed(typeOf('Pod'), podOf(w, index, now));
    }
    const key = `${w.namespace}/${w.service}`;
    if (!services.has(key)) {
      services.add(key);
      store.seed(typeOf('Service'), serviceOf(w, clusterIps.get(key) as string));
    }
  });
}

/** How long the demo's gateway certificate has left when the demo starts: flagged (< 14 days). */
export const DEMO_CERTIFICATE_DAYS = 10;
const DAY_MS = 86_400_000;

/**
 * Bookinfo's Istio Gateway, as its sample installs it (HTTP on 80 for every host), plus HTTPS
 * on 443 for `bookinfo.example.com` terminated with the TLS Secret `bookinfo-credential` in the
 * ingress gateway's namespace, whose certificate expires {@link DEMO_CERTIFICATE_DAYS} days
 * after the demo starts.
 */
function seedBookinfoGateway(store: ObjectStore, now: Date): void {
  // The same entrance as a Gateway API Gateway, served by the same ingress gateway (Istio's
  // manual deployment: `addresses` names its Service): HTTPRoutes attached to it route the
  // gateway's requests (none at first: the Istio Gateway's routing stands).
  store.seed(typeOf('Gateway', 'gateway.networking.k8s.io'), {
    metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
    spec: {
      gatewayClassName: 'istio',
      addresses: [{ type: 'Hostname', value: `${INGRESS_GATEWAY}.istio-system.svc.cluster.local` }],
      listeners: [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  });
  store.seed(typeOf('Gateway', 'networking.istio.io'), {
    metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['bookinfo.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'bookinfo-credential' },
        },
      ],
    },
  });
  const { certificatePem, privateKeyPem } = selfSignedCertificate({
    commonName: 'bookinfo.example.com',
    notBefore: new Date(now.getTime() - 80 * DAY_MS),
    notAfter: new Date(now.getTime() + DEMO_CERTIFICATE_DAYS * DAY_MS),
  });
  store.seed(typeOf('Secret'), {
    metadata: { name: 'bookinfo-credential', namespace: 'istio-system' },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(certificatePem).toString('base64'),
      'tls.key': Buffer.from(privateKeyPem).toString('base64'),
    },
  });
}
