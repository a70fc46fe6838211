/**
 * What-if on the graph: the request rate each version of a service would get under weights
 * not applied yet, drawn on the service's edges. The routing editor links here with
 * `whatif=<namespace>/<service>:<version>=<weight>,…`.
 */
import type { GraphResponse } from '../contracts/graph';
import { NAMESPACE_NAME } from '../contracts/graph-params';
import { effectivePercents } from '../routing/weights';

export interface WhatIf {
  namespace: string;
  service: string;
  /** Weight per version label. */
  weights: { version: string; weight: number }[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Parses the `whatif` URL parameter; undefined for anything malformed. */
export function parseWhatIf(text: string | null): WhatIf | undefined {
  const match = /^([^/]+)\/([^:]+):(.+)$/.exec(text ?? '');
  if (!match) return undefined;
  const [, namespace = '', service = '', list = ''] = match;
  if (!NAMESPACE_NAME.test(namespace) || !NAME.test(service)) return undefined;
  const weights = list.split(',').map((pair) => {
    const [version = '', weight = ''] = pair.split('=');
    return { version, weight: Number(weight) };
  });
  if (weights.length === 0 || weights.length > 20) return undefined;
  if (weights.some((w) => !NAME.test(w.version) || !Number.isInteger(w.weight) || w.weight < 0))
    return undefined;
  return { namespace, service, weights };
}

export function serializeWhatIf(whatIf: WhatIf): string {
  return `${whatIf.namespace}/${whatIf.service}:${whatIf.weights.map((w) => `${w.version}=${w.weight}`).join(',')}`;
}

export interface WhatIfEdges {
  /** Projected req/s by edge id, for the edges out of the service node. */
  projected: Map<string, number>;
  /** Versions that would get traffic but have no edge on the graph now. */
  missing: { version: string; rate: number }[];
  /** The service's current total rate to its versions. */
  total: number;
}

/**
 * Projects the service's current rate onto its version edges (versioned-app or workload
 * graphs with service nodes): each version gets total × its share of the weights.
 */
export function whatIfEdges(graph: GraphResponse, whatIf: WhatIf): WhatIfEdges {
  const serviceId = `service/${whatIf.namespace}/${whatIf.service}`;
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const edges = graph.elements.edges.filter(
    (e) => e.data.source === serviceId && e.data.protocol !== 'tcp' && !e.data.mirrored,
  );
  const total = edges.reduce((sum, e) => sum + e.data.rate, 0);
  const shares = effectivePercents(whatIf.weights.map((w) => w.weight));
  const rateOf = (version: string | undefined) =>
    whatIf.weights.reduce(
      (sum, w, i) => (w.version === version ? sum + (total * (shares[i] ?? 0)) / 100 : sum),
      0,
    );
  const projected = new Map(
    edges.map((e) => [e.data.id, rateOf(nodes.get(e.data.target)?.version)]),
  );
  const present = new Set(edges.map((e) => nodes.get(e.data.target)?.version));
  const missing = whatIf.weights
    .filter((w, i) => !present.has(w.version) && (shares[i] ?? 0) > 0)
    .map((w) => ({ version: w.version, rate: rateOf(w.version) }));
  return { projected, missing, total };
}
