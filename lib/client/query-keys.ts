/**
 * Every react-query key, built here so related queries share prefixes: invalidating
 * `['mesh']` refreshes everything derived from mesh traffic.
 */
export const queryKeys = {
  readiness: () => ['readiness'] as const,
  session: () => ['session'] as const,
  mesh: () => ['mesh'] as const,
  overview: (windowSeconds: number) => ['mesh', 'overview', windowSeconds] as const,
  namespaces: () => ['mesh', 'namespaces'] as const,
  services: (windowSeconds: number) => ['mesh', 'services', windowSeconds] as const,
  graphLimits: () => ['mesh', 'graph-limits'] as const,
  /** Every graph, and every view of one. */
  graphs: () => ['mesh', 'graph'] as const,
  /** A view of a graph (see useShownGraph): the graph's query, then the view's options. */
  shownGraph: (apiQuery: string, view: string) => ['mesh', 'graph', apiQuery, view] as const,
  shownGraphTraffic: (apiQuery: string, view: string) =>
    ['mesh', 'graph', 'traffic', apiQuery, view] as const,
  nodeSeries: (query: string) => ['mesh', 'node-series', query] as const,
  edgeDetails: (query: string) => ['mesh', 'edge-details', query] as const,
  latency: (query: string) => ['mesh', 'latency', query] as const,
  /** Every list of changes, whatever its namespaces. */
  allChanges: () => ['routing', 'changes'] as const,
  /** Every Istio config list, whatever its namespaces. */
  allIstioConfig: () => ['routing', 'istio-config'] as const,
  istioConfig: (namespaces: string) => ['routing', 'istio-config', namespaces] as const,
  changes: (namespaces: string) => ['routing', 'changes', namespaces] as const,
  /** An app's, workload's or service's page: its objects, then its dashboards. */
  entity: (kind: string, namespace: string, name: string) =>
    ['mesh', 'entity', kind, namespace, name] as const,
  dashboard: (kind: string, namespace: string, name: string, query: string) =>
    ['mesh', 'entity', kind, namespace, name, 'dashboard', query] as const,
  traces: () => ['traces'] as const,
  routing: (target: { namespace: string; service: string; httpRoute?: string; cluster?: string }) =>
    [
      'routing',
      'service',
      target.namespace,
      target.service,
      target.httpRoute ?? '',
      target.cluster ?? '',
    ] as const,
  traceSearch: (path: string, query: string) => ['traces', 'search', path, query] as const,
  trace: (traceId: string) => ['traces', 'trace', traceId] as const,
};
