import { hopsOf, type EndpointOptions, type Hop } from './endpoints';
import { isCounted, toTrafficSample, type TrafficSample } from './samples';
import { edgeId } from './traffic-map';

/** A hop with the id of the edge it adds to. */
export interface PlacedHop extends Hop {
  edgeId: string;
}

/** Where one series' traffic lands in the graph. */
export interface Placement {
  /** The series as a traffic sample at rate 1: its ends, protocol and mirroring. */
  sample: TrafficSample;
  /** The edges it adds to, each with the share of its rate it carries. */
  hops: readonly PlacedHop[];
}

/** Places a series by its labels; undefined when the graph does not count it (see isCounted). */
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

/** The labels with one value per workload or service, joined. */
function manyValues(l: Labels): string {
  return `${l.source_workload ?? ABSENT}\0${l.source_canonical_service ?? ABSENT}\0${l.destination_workload ?? ABSENT}\0${l.destination_canonical_service ?? ABSENT}\0${l.destination_service_name ?? ABSENT}\0${l.destination_service ?? ABSENT}`;
}

/**
 * Placements by identity: a tree of maps, one level for each label with few values, then one
 * map keyed by the other labels joined. A lookup reads each label value once and joins only
 * the short names of the two ends (joining all fifteen labels took twice as long; a level per
 * label made a dozen maps for every new series). It runs once per sample, a quarter of a
 * million times at a thousand services.
 */
interface Level {
  next: Map<string, Level>;
  leaves?: Map<string, Placement | null>;
}

/**
 * Places series in the graph, each distinct identity once. The samples of one edge share it:
 * its response codes, flags and mTLS in the request counts, its twenty duration buckets, its
 * response bytes. So the graph maps each identity to nodes and edges once, and every sample
 * after the first costs one string and one lookup.
 */
export function placer(
  kind: 'requests' | 'tcp',
  namespaces: ReadonlySet<string>,
  endpoints: EndpointOptions,
): Place {
  const root: Level = { next: new Map() };
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
    const leaves = (level.leaves ??= new Map());
    const key = manyValues(l);
    let found = leaves.get(key);
    if (found === undefined) {
      const sample = toTrafficSample(labels, 1, kind);
      found = isCounted(sample, namespaces)
        ? {
            sample,
            hops: hopsOf(sample, endpoints).map((hop) => ({
              ...hop,
              edgeId: edgeId(hop.source.id, hop.target.id, sample.protocol, sample.mirrored),
            })),
          }
        : null;
      leaves.set(key, found);
    }
    return found ?? undefined;
  };
}
