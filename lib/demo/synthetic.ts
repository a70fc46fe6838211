/**
 * A large synthetic mesh for trying Meshlens at scale (`DEMO_SERVICES=1000 npm run demo`):
 * deterministic for a seed, shaped like real service graphs rather than random ones — a few
 * frontends behind the ingress gateway, layers of services below them, a handful of hubs that
 * many services call (auth, users, config), long tails, some calls across namespaces,
 * databases over TCP at the bottom, services with two or three versions, and a few slow or
 * failing versions. Every request walks a small part of it: each call site is taken with a
 * probability, so a request causes about four hops however large the mesh.
 */
import { seededRandom, type Random } from './random';
import { ingressGateway, type DemoCall, type DemoTopology, type DemoWorkload } from './topology';

export interface SyntheticOptions {
  services: number;
  namespaces: number;
  seed: number;
}

const NOUNS = [
  'cart', 'checkout', 'payment', 'inventory', 'catalog', 'search', 'user', 'auth',
  'order', 'shipping', 'pricing', 'review', 'rating', 'recommend', 'notify', 'email',
  'invoice', 'ledger', 'account', 'profile', 'session', 'config', 'feature', 'media',
  'image', 'video', 'geo', 'tax', 'coupon', 'loyalty', 'fraud', 'risk', 'report',
  'audit', 'billing', 'wallet', 'chat', 'feed', 'tracking', 'warehouse',
] as const; // prettier-ignore
const ROLES = ['api', 'svc', 'worker', 'gateway', 'backend', 'query', 'writer', 'sync'] as const;
const DATABASES = ['postgres', 'redis', 'mongodb', 'mysql', 'cassandra'] as const;
/** Layers below the frontends; databases sit under the last one. */
const LAYERS = 4;
/** Chance that a call site is taken while handling a request. */
const CALL_PROBABILITY = 0.35;

interface Service {
  name: string;
  namespace: string;
  layer: number;
  tcp: boolean;
  /** Called over gRPC (every sixth service below the frontends), streaming `messages` back. */
  grpc?: { messages: number };
  versions: string[];
  /** How attractive it is as a callee: hubs are called by many. */
  popularity: number;
}

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random.next() * items.length)] as T;

function weightedPick(random: Random, items: readonly Service[]): Service {
  const total = items.reduce((sum, s) => sum + s.popularity, 0);
  let point = random.next() * total;
  for (const item of items) {
    point -= item.popularity;
    if (point < 0) return item;
  }
  return items[items.length - 1] as Service;
}

/** Unique, readable service names: `cart-api`, `payment-worker`, …, then `cart-api-2`. */
function serviceNames(count: number, random: Random): string[] {
  const all = NOUNS.flatMap((noun) => ROLES.map((role) => `${noun}-${role}`));
  // A seeded shuffle, so small meshes are not all `cart-*`.
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  }
  return Array.from({ length: count }, (_, i) => {
    const base = all[i % all.length] as string;
    const round = Math.floor(i / all.length);
    return round === 0 ? base : `${base}-${round + 1}`;
  });
}

const namespaceName = (index: number, count: number): string =>
  `mesh-${String(index + 1).padStart(String(count).length, '0')}`;

function planServices(options: SyntheticOptions, random: Random): Service[] {
  const { services: count, namespaces } = options;
  const names = serviceNames(count, random);
  const frontends = Math.max(1, Math.round(count * 0.05));
  const databases = Math.max(1, Math.round(count * 0.06));
  const used = new Set(names);
  /** `cart-postgres`, or `cart-postgres-2` when taken. */
  const databaseName = (name: string): string => {
    const base = `${name.split('-')[0]}-${pick(random, DATABASES)}`;
    let candidate = base;
    for (let n = 2; used.has(candidate); n += 1) candidate = `${base}-${n}`;
    used.add(candidate);
    return candidate;
  };
  return names.map((name, i) => {
    const tcp = i >= count - databases;
    const layer = i < frontends ? 0 : tcp ? LAYERS + 1 : 1 + Math.floor(random.next() * LAYERS);
    const roll = random.next();
    const versionCount = tcp ? 1 : roll < 0.65 ? 1 : roll < 0.9 ? 2 : 3;
    // Zipf-like popularity: a few hubs, a long tail.
    const popularity = 1 / Math.pow(1 + Math.floor(random.next() * count), 0.9);
    return {
      name: tcp ? databaseName(name) : name,
      namespace: namespaceName(i % namespaces, namespaces),
      layer,
      tcp,
      // Chosen by position, not by the random stream, so the rest of the mesh stays as it was.
      ...(!tcp && layer > 0 && i % 6 === 3 ? { grpc: { messages: 1 + (i % 4) } } : {}),
      versions: Array.from({ length: versionCount }, (_, v) => `v${v + 1}`),
      popularity,
    };
  });
}

function workloadsOf(service: Service, random: Random): DemoWorkload[] {
  return service.versions.map((version) => {
    const slow = random.next() < 0.04;
    const failing = random.next() < 0.03;
    return {
      namespace: service.namespace,
      name: `${service.name}-${version}`,
      app: service.name,
      version,
      service: service.name,
      port: service.tcp ? 5432 : service.grpc ? 9090 : 8080,
      protocol: service.tcp ? 'tcp' : service.grpc ? 'grpc' : 'http',
      ...(service.grpc ? { responseMessages: service.grpc.messages } : {}),
      serviceAccount: service.name,
      latency: {
        medianMs: (service.tcp ? 1 : 2 + random.next() * 20) * (slow ? 12 : 1),
        sigma: 0.3 + random.next() * 0.2,
      },
      responseBytes: Math.round(100 + random.next() * 5000),
      ...(failing ? { errorRate: 0.05 + random.next() * 0.15 } : {}),
    };
  });
}

/** Calls from every version of `from` to the versions of `to` (newer versions get less). */
function callsTo(from: DemoWorkload[], to: DemoWorkload[], probability: number): DemoCall[] {
  const targets = to.map((w, i) => ({ workload: w.name, weight: i === 0 ? 8 : 2 }));
  return from.map((w) => ({ from: w.name, to: targets, probability }));
}

export function syntheticTopology(options: SyntheticOptions): DemoTopology {
  if (!(options.services >= 1) || !(options.namespaces >= 1))
    throw new RangeError('a synthetic mesh needs at least one service and one namespace');
  const random = seededRandom(options.seed);
  const services = planServices(options, random);
  const gateway = ingressGateway(2000);

  const workloads = new Map(services.map((s) => [s.name, workloadsOf(s, random)]));
  const frontends = services.filter((s) => s.layer === 0);
  const calls: DemoCall[] = frontends.flatMap((s) =>
    callsTo([gateway], workloads.get(s.name) ?? [], 1 / frontends.length),
  );
  for (const service of services) {
    if (service.tcp) continue;
    const below = services.filter((s) => s.layer > service.layer);
    if (below.length === 0) continue;
    const local = below.filter((s) => s.namespace === service.namespace);
    const callees = new Set<Service>();
    const wanted = 1 + Math.floor(random.next() * 4);
    for (let i = 0; i < wanted * 3 && callees.size < wanted; i += 1)
      // Mostly within the namespace, sometimes across.
      callees.add(weightedPick(random, local.length > 0 && random.next() < 0.8 ? local : below));
    for (const callee of callees)
      calls.push(
        ...callsTo(
          workloads.get(service.name) ?? [],
          workloads.get(callee.name) ?? [],
          CALL_PROBABILITY,
        ),
      );
  }
  // Nobody is left uncalled: a service without callers gets one from a layer above it.
  const called = new Set(calls.flatMap((c) => c.to.map((t) => t.workload)));
  for (const service of services) {
    const own = workloads.get(service.name) ?? [];
    if (own.some((w) => called.has(w.name))) continue;
    const above = services.filter((s) => s.layer < service.layer && !s.tcp);
    const local = above.filter((s) => s.namespace === service.namespace);
    const caller = weightedPick(random, local.length > 0 ? local : above);
    calls.push(...callsTo(workloads.get(caller.name) ?? [], own, CALL_PROBABILITY));
  }
  return { entry: gateway.name, workloads: [gateway, ...[...workloads.values()].flat()], calls };
}
