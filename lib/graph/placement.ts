import { hopsOf, type EndpointOptions, type Hop, type NodeInfo } from './endpoints';
import { isCounted, toTrafficSample, type TrafficSample } from './samples';
import { newEdge, type EdgeTraffic } from './traffic-map';

/** A hop with the edge it adds to. */
export interface PlacedHop extends Hop {
  edge: EdgeTraffic;
}

/** Where one series' traffic lands in the graph. */
export interface Placement {
  /** The series as a traffic sample at rate 1: its ends, protocol and mirroring. */
  sample: TrafficSample;
  /** The edges it adds to, each with the share of its rate it carries. */
  hops: readonly PlacedHop[];
}

/**
 * Places a series by its labels; undefined when the graph does not count it (see isCounted).
 * The edges a placer places series on gather one graph's figures: one placer per graph.
 */
export type Place = (labels: Readonly<Record<string, string>>) => Placement | undefined;

type Labels = Readonly<Record<string, string | undefined>>;

/**
 * The labels that decide where a series lands: every label `toTrafficSample` reads except the
 * request's outcome (response code, gRPC status, flags, mTLS), so also without `le`. First
 * those with few values in a mesh, then those with one value per workload or service.
 */
const FEW_VALUES = [
  'reporter',
  'request_protocol',
  'source_cluster',
  'destination_cluster',
  'source_workload_namespace',
  'destination_workload_namespace',
  'destination_service_namespace',
  'source_canonical_revision',
  'destination_canonical_revision',
] as const;

// Marks an absent label, so that it never reads as a label with some value.
const ABSENT = '\u0001';

/**
 * Placements by identity: a tree of maps, one level for each label with few values, then
 * maps by source and destination workload, then a short list told apart by the other labels
 * with one value per workload or service. A lookup reads each label value once and builds no
 * string: it runs once per sample, a quarter of a million times at a thousand services, and
 * joining labels into a key made most of the garbage a graph left (a level per label made a
 * dozen maps for every new series).
 */
interface Level {
  next: Map<string, Level>;
  bySource?: Map<string, Map<string, Leaf[]>>;
}

/** The labels a source and destination workload leave to tell series apart, and their place. */
interface Leaf {
  sourceApp: string;
  destinationApp: string;
  serviceName: string;
  service: string;
  placement: Placement | null;
}

function findLeaf(leaves: readonly Leaf[], l: Labels): Leaf | undefined {
  const sourceApp = l.source_canonical_service ?? ABSENT;
  const destinationApp = l.destination_canonical_service ?? ABSENT;
  const serviceName = l.destination_service_name ?? ABSENT;
  const service = l.destination_service ?? ABSENT;
  for (const leaf of leaves)
    if (
      leaf.sourceApp === sourceApp &&
      leaf.destinationApp === destinationApp &&
      leaf.serviceName === serviceName &&
      leaf.service === service
    )
      return leaf;
  return undefined;
}

/**
 * Places series in the graph, each distinct identity once. The samples of one edge share it:
 * its response codes, flags and mTLS in the request counts, its twenty duration buckets, its
 * response bytes. So the graph maps each identity to nodes and edges once, and every sample
 * after the first costs a lookup by its labels' values. The lookups are written out: one
 * helper for every level's get-or-add made them a polymorphic call site, twice as slow.
 */
export function placer(
  kind: 'requests' | 'tcp',
  namespaces: ReadonlySet<string>,
  endpoints: EndpointOptions,
): Place {
  const root: Level = { next: new Map() };
  // Nodes and edges are made once each: the series of a graph share their ends (a workload
  // calls and is called many times), identities that land on the same edge share it (a
  // caller's versions in the app graph), and an id made once is hashed once.
  const nodes = new Map<string, NodeInfo>();
  // An injected service node is kept apart from the same service un-injected (see addSeries).
  const injected = new Map<string, NodeInfo>();
  const nodeOf = (node: NodeInfo): NodeInfo => {
    const known = node.isInjectedService ? injected : nodes;
    const found = known.get(node.id);
    if (found) return found;
    known.set(node.id, node);
    return node;
  };
  const edges = new Map<string, Map<string, EdgeTraffic[]>>();
  const edgeOf = (source: NodeInfo, target: NodeInfo, { protocol, mirrored }: TrafficSample) => {
    let byTarget = edges.get(source.id);
    if (!byTarget) {
      byTarget = new Map();
      edges.set(source.id, byTarget);
    }
    let between = byTarget.get(target.id);
    if (!between) {
      between = [];
      byTarget.set(target.id, between);
    }
    let edge = between.find((e) => e.protocol === protocol && e.mirrored === mirrored);
    if (!edge) {
      edge = newEdge(source.id, target.id, protocol, mirrored);
      between.push(edge);
    }
    return edge;
  };
  const placed = (hop: Hop, sample: TrafficSample): PlacedHop => {
    const source = nodeOf(hop.source);
    const target = nodeOf(hop.target);
    return { source, target, weight: hop.weight, edge: edgeOf(source, target, sample) };
  };
  return (labels) => {
    const l = labels as Labels;
    let level = root;
    for (const name of FEW_VALUES) {
      const value = l[name] ?? ABSENT;
      let below = level.next.get(value);
      if (!below) {
        below = { next: new Map() };
        level.next.set(value, below);
      }
      level = below;
    }
    const bySource = (level.bySource ??= new Map());
    const source = l.source_workload ?? ABSENT;
    let byDestination = bySource.get(source);
    if (!byDestination) {
      byDestination = new Map();
      bySource.set(source, byDestination);
    }
    const destination = l.destination_workload ?? ABSENT;
    let leaves = byDestination.get(destination);
    if (!leaves) {
      leaves = [];
      byDestination.set(destination, leaves);
    }
    let leaf = findLeaf(leaves, l);
    if (!leaf) {
      const sample = toTrafficSample(labels, 1, kind);
      leaf = {
        sourceApp: l.source_canonical_service ?? ABSENT,
        destinationApp: l.destination_canonical_service ?? ABSENT,
        serviceName: l.destination_service_name ?? ABSENT,
        service: l.destination_service ?? ABSENT,
        placement: isCounted(sample, namespaces)
          ? {
              sample,
              hops: hopsOf(sample, endpoints).map((hop) => placed(hop, sample)),
            }
          : null,
      };
      leaves.push(leaf);
    }
    return leaf.placement ?? undefined;
  };
}
