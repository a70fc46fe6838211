import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { nodeLabel } from './cy-elements';
import { durationSeconds, type GraphViewState } from './view-state';

/** Where the traces of a graph node or edge are searched. */
export interface TraceSearchTarget {
  /**
   * What the search goes through: a workload (its pods' spans) or a service (a tracing
   * service), e.g. `/api/namespaces/bookinfo/workloads/reviews-v2/traces`.
   */
  through: { kind: 'service' | 'workload'; namespace: string; name: string };
  /** What is searched, for headings and the "no traces" message. */
  label: string;
  /** Canonical service of a workload, when the graph knows it. */
  app?: string;
  /** Caller workload (`namespace/name`) for an edge. */
  from?: string;
}

/** A node's traces: a workload's by its pods, an app's and a service's by tracing service. */
export function nodeTraceTarget(node: NodeData): TraceSearchTarget | undefined {
  if (node.nodeType === 'unknown' || node.egress || node.namespace === 'unknown') return undefined;
  const { namespace } = node;
  if (node.workload && (node.nodeType === 'workload' || node.nodeType === 'app')) {
    return {
      through: { kind: 'workload', namespace, name: node.workload },
      label: `workload ${node.workload}`,
      app: node.app,
    };
  }
  const service = node.nodeType === 'service' ? node.service : node.app;
  if (!service) return undefined;
  return {
    through: { kind: 'service', namespace, name: service },
    label: `${node.nodeType === 'service' ? 'service' : 'app'} ${nodeLabel(node)}`,
  };
}

/** An edge's traces: the target's, keeping those with a call from the source workload. */
export function edgeTraceTarget(
  graph: GraphResponse,
  edge: EdgeData,
): TraceSearchTarget | undefined {
  const find = (id: string) => graph.elements.nodes.find((n) => n.data.id === id)?.data;
  const source = find(edge.source);
  const target = find(edge.target);
  if (!source || !target) return undefined;
  const base = nodeTraceTarget(target);
  if (!base) return undefined;
  const from =
    source.workload && source.namespace !== 'unknown'
      ? `${source.namespace}/${source.workload}`
      : undefined;
  return {
    ...base,
    from,
    label: `${from ? `calls from ${nodeLabel(source)} to ` : ''}${base.label}`,
  };
}

/** The search query for a target under the graph's window and the panel's filters. */
export function traceSearchQuery(
  target: TraceSearchTarget,
  state: GraphViewState,
  nowSec: number,
): string {
  const end = state.time ?? nowSec;
  const query = new URLSearchParams({
    start: String(end - durationSeconds(state.duration)),
    end: String(end),
    limit: String(state.traceLimit),
  });
  if (state.traceMinDuration) query.set('minDuration', state.traceMinDuration);
  if (state.traceErrors) query.set('errorsOnly', 'true');
  if (state.traceTags) query.set('tags', state.traceTags);
  if (target.app) query.set('app', target.app);
  if (target.from) query.set('from', target.from);
  return query.toString();
}
