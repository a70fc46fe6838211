import 'server-only';
import { getConfig } from '../config';
import { listServedHttpRoutes, type KubeClient } from '../kube/client';
import {
  ISTIO_CONFIG_KINDS,
  type GatewayObject,
  type IstioConfigKind,
  type IstioConfigObject,
  type KubeDeployment,
  type KubeService,
  type RoutingResource,
} from '../kube/types';
import { untilAborted } from '../upstream/signals';
import { notServed } from './optional-list';

/**
 * One kind's list: its items, or why it could not be read. A kind the cluster does not serve
 * (404: no Istio, no Gateway API) is an empty list with no error.
 */
export interface Listing<T> {
  items: T[];
  /** The failure, as thrown (an UpstreamError keeps its status). */
  error?: unknown;
}

/**
 * Every Kubernetes object the graph, the lists and the config checks read, from one reading
 * of the cluster: each kind listed once, in parallel, however many pages and viewers use it.
 */
export interface MeshObjects {
  deployments: Listing<KubeDeployment>;
  services: Listing<KubeService>;
  virtualServices: Listing<RoutingResource>;
  destinationRules: Listing<RoutingResource>;
  httpRoutes: Listing<RoutingResource>;
  gateways: Listing<GatewayObject>;
  istio: { kind: IstioConfigKind; listing: Listing<IstioConfigObject> }[];
}

/** The message of a listing's failure, for warnings; undefined when it was read. */
export const listingError = (listing: Listing<unknown>): string | undefined =>
  listing.error === undefined
    ? undefined
    : listing.error instanceof Error
      ? listing.error.message
      : String(listing.error);

async function listing<T>(list: Promise<T[]>): Promise<Listing<T>> {
  try {
    return { items: await list };
  } catch (error) {
    if (notServed(error)) return { items: [] };
    return { items: [], error };
  }
}

/** Reads every kind in parallel; never fails: a kind that cannot be listed says why. */
export async function readMeshObjects(
  kube: KubeClient,
  signal: AbortSignal | undefined,
): Promise<MeshObjects> {
  const options = { signal };
  const istioKinds = Object.keys(ISTIO_CONFIG_KINDS) as IstioConfigKind[];
  const [deployments, services, virtualServices, destinationRules, httpRoutes, gateways, istio] =
    await Promise.all([
      listing(kube.listDeployments(undefined, options)),
      listing(kube.listServices(undefined, options)),
      listing(kube.listRouting('VirtualService', undefined, options)),
      listing(kube.listRouting('DestinationRule', undefined, options)),
      // HTTPRoutes where the Gateway API is installed; none (and no error) where it is not.
      listing(listServedHttpRoutes(kube, undefined, options).then((served) => served.routes)),
      listing(kube.listGateways(undefined, options)),
      Promise.all(
        istioKinds.map(async (kind) => ({
          kind,
          listing: await listing(kube.listIstioConfig(kind, undefined, options)),
        })),
      ),
    ]);
  return { deployments, services, virtualServices, destinationRules, httpRoutes, gateways, istio };
}

/**
 * How long a reading is fresh (KUBE_CACHE_SECONDS, 10 s by default): pages that show config
 * wait for one at most this old.
 */
const freshMsOf = (): number => getConfig().kubeCacheSeconds * 1000;
/**
 * How many times as old a reading the live graph still draws with while a newer one is read:
 * its nodes' replicas and badges are then at most one reading behind, and no refresh waits on
 * the Kubernetes API once the first reading is in.
 */
const STALE_FACTOR = 6;
const READ_DEADLINE_MS = 30_000;

interface Kept {
  atMs: number;
  reading: Promise<MeshObjects>;
  /** The newer reading under way while this one is served stale. */
  next?: Promise<MeshObjects>;
}

const globalForReadings = globalThis as typeof globalThis & {
  __meshlensMeshObjects?: WeakMap<KubeClient, Kept>;
};

const readings = (): WeakMap<KubeClient, Kept> =>
  (globalForReadings.__meshlensMeshObjects ??= new WeakMap());

/** A reading with its own deadline, not a viewer's: it outlives the request that started it. */
const newReading = (kube: KubeClient): Promise<MeshObjects> =>
  readMeshObjects(kube, AbortSignal.timeout(READ_DEADLINE_MS));

function startReading(kube: KubeClient, nowMs: number): Kept {
  const kept: Kept = { atMs: nowMs, reading: newReading(kube) };
  readings().set(kube, kept);
  // Only a deadline fails a reading (kinds fail one by one, inside it): never keep that.
  kept.reading.catch(() => {
    if (readings().get(kube) === kept) readings().delete(kube);
  });
  return kept;
}

/**
 * Starts the reading that replaces `kept`, unless one is under way: served once it is in
 * (fresh from `nowMs`, when it started); until then the kept reading stands in for it.
 */
function renew(kube: KubeClient, kept: Kept, nowMs: number): void {
  if (kept.next) return;
  const next = newReading(kube);
  kept.next = next;
  next.then(
    () => {
      if (readings().get(kube) === kept) readings().set(kube, { atMs: nowMs, reading: next });
    },
    () => {
      if (readings().get(kube) === kept) kept.next = undefined;
    },
  );
}

/**
 * The mesh's objects as one Kubernetes identity (one client) sees them, shared by every
 * request of that identity: one user never sees objects only another may read. A reading is
 * fresh for `freshMs` (KUBE_CACHE_SECONDS); with `stale: true` (the live graph) one up to six
 * times as old is answered at once while a newer one is read, so a refresh never waits on the
 * Kubernetes API. `signal` ends the wait, not the reading.
 */
export function sharedMeshObjects(
  kube: KubeClient,
  options: { stale?: boolean; signal?: AbortSignal; nowMs?: number; freshMs?: number } = {},
): Promise<MeshObjects> {
  const nowMs = options.nowMs ?? Date.now();
  const freshMs = options.freshMs ?? freshMsOf();
  const kept = readings().get(kube);
  const age = kept ? nowMs - kept.atMs : Infinity;
  let reading: Promise<MeshObjects>;
  if (kept && age < freshMs) reading = kept.reading;
  else if (kept && options.stale && age < freshMs * STALE_FACTOR) {
    renew(kube, kept, nowMs);
    reading = kept.reading;
  }
  // Too old for this caller: wait for the newer reading, one already under way if there is one.
  else reading = kept?.next ?? startReading(kube, nowMs).reading;
  return options.signal ? untilAborted(reading, options.signal) : reading;
}

/** Drops the kept reading after a write through Meshlens: the next page shows its effect. */
export function forgetMeshObjects(kube: KubeClient): void {
  readings().delete(kube);
}
