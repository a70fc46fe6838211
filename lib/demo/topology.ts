/**
 * The simulated Bookinfo mesh: who runs where and who calls whom.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */

export type Protocol = 'http' | 'grpc' | 'tcp';

export interface DemoWorkload {
  namespace: string;
  /** Deployment name, e.g. `reviews-v2`. */
  name: string;
  app: string;
  version: string;
  /** The Kubernetes Service in front of it. */
  service: string;
  port: number;
  protocol: Protocol;
  serviceAccount: string;
  /** Median and spread of its own processing time, before calling anything downstream. */
  latency: { medianMs: number; sigma: number };
  /** Typical response body size. */
  responseBytes: number;
  /** Its own probability of failing a request (HTTP 500, gRPC UNAVAILABLE); default: the mesh's. */
  errorRate?: number;
  /** gRPC: messages it streams back per call (1: unary). */
  responseMessages?: number;
  /** Istio ambient: no sidecar; ztunnel carries its traffic (L4), a waypoint its requests (L7). */
  dataplane?: 'ambient';
  /** Ambient: the waypoint proxy (a workload of its namespace) in front of it, if any. */
  waypoint?: string;
  /** This workload is a waypoint proxy. */
  isWaypoint?: true;
  /**
   * The cluster it runs in, as Istio names it (`source_cluster`), in a mesh of several;
   * absent in a mesh of one (Istio's default name, `Kubernetes`).
   */
  cluster?: string;
}

/** One call site: when `from` handles a request it calls `to` (one of `to`, picked by weight). */
export interface DemoCall {
  from: string;
  /** Destination workloads and their weights (a Service balancing over versions). */
  to: { workload: string; weight: number }[];
  /** Chance the call is made while handling a request; default: always. */
  probability?: number;
}

export interface DemoTopology {
  /** The traffic source at the edge; it has no Service of its own in the mesh graph. */
  entry: string;
  workloads: DemoWorkload[];
  calls: DemoCall[];
}

const BOOKINFO = 'bookinfo';

const workload = (
  name: string,
  app: string,
  version: string,
  latency: DemoWorkload['latency'],
  responseBytes: number,
  extra: Partial<DemoWorkload> = {},
): DemoWorkload => ({
  namespace: BOOKINFO,
  name,
  app,
  version,
  service: app,
  port: 9080,
  protocol: 'http',
  serviceAccount: `bookinfo-${app}`,
  latency,
  responseBytes,
  ...extra,
});

/** Istio's ingress gateway, where the demo's requests enter (its response: the page's size). */
export const ingressGateway = (responseBytes: number): DemoWorkload => ({
  namespace: 'istio-system',
  name: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
  version: 'unknown',
  service: 'istio-ingressgateway',
  port: 80,
  protocol: 'http',
  serviceAccount: 'istio-ingressgateway-service-account',
  latency: { medianMs: 1, sigma: 0.3 },
  responseBytes,
});

/** Istio's Bookinfo sample behind an ingress gateway. */
export const BOOKINFO_TOPOLOGY: DemoTopology = {
  entry: 'istio-ingressgateway',
  workloads: [
    ingressGateway(5200),
    workload('productpage-v1', 'productpage', 'v1', { medianMs: 12, sigma: 0.4 }, 5200),
    workload('details-v1', 'details', 'v1', { medianMs: 3, sigma: 0.3 }, 180),
    workload('reviews-v1', 'reviews', 'v1', { medianMs: 8, sigma: 0.35 }, 350),
    workload('reviews-v2', 'reviews', 'v2', { medianMs: 10, sigma: 0.35 }, 430),
    workload('reviews-v3', 'reviews', 'v3', { medianMs: 14, sigma: 0.4 }, 430),
    workload('ratings-v1', 'ratings', 'v1', { medianMs: 4, sigma: 0.3 }, 48),
    workload('mongodb-v1', 'mongodb', 'v1', { medianMs: 2, sigma: 0.3 }, 120, {
      port: 27017,
      protocol: 'tcp',
    }),
  ],
  calls: [
    { from: 'istio-ingressgateway', to: [{ workload: 'productpage-v1', weight: 1 }] },
    { from: 'productpage-v1', to: [{ workload: 'details-v1', weight: 1 }] },
    {
      from: 'productpage-v1',
      to: [
        { workload: 'reviews-v1', weight: 1 },
        { workload: 'reviews-v2', weight: 1 },
        { workload: 'reviews-v3', weight: 1 },
      ],
    },
    { from: 'reviews-v2', to: [{ workload: 'ratings-v1', weight: 1 }] },
    { from: 'reviews-v3', to: [{ workload: 'ratings-v1', weight: 1 }] },
    { from: 'ratings-v1', to: [{ workload: 'mongodb-v1', weight: 1 }] },
  ],
};

/** The ambient namespace `DEMO_AMBIENT` adds beside Bookinfo. */
export const AMBIENT_NAMESPACE = 'travel';

const travel = (
  name: string,
  app: string,
  latency: DemoWorkload['latency'],
  extra: Partial<DemoWorkload> = {},
): DemoWorkload => ({
  namespace: AMBIENT_NAMESPACE,
  name,
  app,
  version: 'v1',
  service: app,
  port: 8080,
  protocol: 'http',
  serviceAccount: app,
  latency,
  responseBytes: 900,
  dataplane: 'ambient',
  waypoint: 'waypoint',
  ...extra,
});

/**
 * A topology with an Istio ambient namespace beside it: a `travel` app (frontend → bookings)
 * without sidecars, its requests carried by ztunnel and a waypoint proxy, and half of the
 * gateway's requests going to its frontend.
 */
export function withAmbientTravel(topology: DemoTopology): DemoTopology {
  return {
    entry: topology.entry,
    workloads: [
      ...topology.workloads,
      travel('frontend-v1', 'frontend', { medianMs: 6, sigma: 0.3 }),
      travel('bookings-v1', 'bookings', { medianMs: 9, sigma: 0.35 }),
      travel(
        'waypoint',
        'waypoint',
        { medianMs: 0.5, sigma: 0.2 },
        {
          version: 'unknown',
          port: 15008,
          waypoint: undefined,
          isWaypoint: true,
        },
      ),
    ],
    calls: [
      ...topology.calls,
      { from: topology.entry, to: [{ workload: 'frontend-v1', weight: 1 }], probability: 0.5 },
      { from: 'frontend-v1', to: [{ workload: 'bookings-v1', weight: 1 }] },
    ],
  };
}

/** The clusters of `DEMO_CLUSTERS=2`: Istio's multicluster examples call theirs so. */
export const DEMO_CLUSTERS = ['east', 'west'] as const;

/**
 * Bookinfo over two clusters sharing one mesh (Istio's multi-primary install): `east` runs the
 * gateway and most of Bookinfo; `west` runs reviews v3 and a ratings v2 of its own, which
 * reviews v3 calls (Istio keeps traffic in its locality when it can). Productpage's calls to
 * reviews v3 cross from east to west.
 */
export function withTwoClusters(topology: DemoTopology): DemoTopology {
  const [east, west] = DEMO_CLUSTERS;
  const inWest = new Set(['reviews-v3', 'ratings-v2']);
  const ratings = topology.workloads.find((w) => w.name === 'ratings-v1');
  const workloads = [
    ...topology.workloads,
    ...(ratings ? [{ ...ratings, name: 'ratings-v2', version: 'v2' }] : []),
  ].map((w) => ({ ...w, cluster: inWest.has(w.name) ? west : east }));
  return {
    entry: topology.entry,
    workloads,
    calls: topology.calls.map((call) =>
      call.from === 'reviews-v3' && ratings
        ? { ...call, to: [{ workload: 'ratings-v2', weight: 1 }] }
        : call,
    ),
  };
}

/**
 * The clusters a topology runs in, the entry's (the home cluster) first; `[undefined]` for a
 * topology of one cluster.
 */
export function clustersOf(topology: DemoTopology): (string | undefined)[] {
  const entry = topology.workloads.find((w) => w.name === topology.entry)?.cluster;
  const named = new Set(topology.workloads.flatMap((w) => (w.cluster ? [w.cluster] : [])));
  if (named.size === 0) return [undefined];
  return [...new Set([entry ?? [...named][0], ...named])];
}

interface TopologyIndex {
  workloads: Map<string, DemoWorkload>;
  callsFrom: Map<string, DemoCall[]>;
}

const indexes = new WeakMap<DemoTopology, TopologyIndex>();

/** Lookups by name, built once per topology (a synthetic mesh has thousands of workloads). */
function indexOf(topology: DemoTopology): TopologyIndex {
  let index = indexes.get(topology);
  if (!index) {
    const callsFrom = new Map<string, DemoCall[]>();
    for (const call of topology.calls) {
      const list = callsFrom.get(call.from);
      if (list) list.push(call);
      else callsFrom.set(call.from, [call]);
    }
    index = { workloads: new Map(topology.workloads.map((w) => [w.name, w])), callsFrom };
    indexes.set(topology, index);
  }
  return index;
}

/** Looks a workload up by name; throws for a topology that names an unknown one. */
export function findWorkload(topology: DemoTopology, name: string): DemoWorkload {
  const found = indexOf(topology).workloads.get(name);
  if (!found) throw new Error(`demo topology has no workload ${name}`);
  return found;
}

/** The call sites of one workload, in the topology's order. */
export const callsFrom = (topology: DemoTopology, workload: string): readonly DemoCall[] =>
  indexOf(topology).callsFrom.get(workload) ?? [];
