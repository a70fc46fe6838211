/**
 * Small graphs for the graph view's unit tests: a node or an edge with every required field,
 * plus what a test cares about.
 */
import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import type { ShowOptions } from './shown-graph';

export const testNode = (
  id: string,
  namespace = 'ns',
  extra: Partial<NodeData> = {},
): { data: NodeData } => ({
  data: {
    id,
    nodeType: 'workload',
    namespace,
    isRoot: false,
    isOutside: false,
    isInjectedService: false,
    traffic: [],
    health: { status: 'healthy' },
    ...extra,
  },
});

export const testEdge = (
  source: string,
  target: string,
  rate = 1,
  extra: Partial<EdgeData> = {},
): { data: EdgeData } => ({
  data: {
    id: `${source}->${target}`,
    source,
    target,
    protocol: 'http',
    rate,
    rateByClass: {},
    rateByCode: [{ code: '200', rate }],
    rateByFlags: {},
    rateByHost: {},
    errorPercent: 0,
    percentOfSource: 100,
    health: { status: 'healthy' },
    ...extra,
  },
});

export const testGraph = (
  nodes: { data: NodeData }[],
  edges: { data: EdgeData }[],
): GraphResponse => ({
  timestamp: 1,
  duration: 60,
  graphType: 'workload',
  warnings: [],
  elements: { nodes, edges },
});

/** The page's default view with nothing folded: a test changes what it is about. */
export const UNFOLDED_VIEW: ShowOptions = {
  hide: '',
  focus: undefined,
  hops: 2,
  fold: 'none',
  expand: [],
  calls: 'busiest',
};
