import { anyOf, matcher, range, selector } from '../promql/promql';

/** The labels that place a request's two ends on the graph, for any graph type. */
const END_LABELS = [
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_service_namespace',
  'destination_service_name',
  'destination_service',
] as const;

export interface LatencyQueries {
  /** Duration sum and count rates per edge and reporter. */
  durationSum: string;
  durationCount: string;
  /** Source-reported requests/s per edge and Envoy response flag (flags other than `-`). */
  flags: string;
}

/**
 * The three queries the attribution reads: every request into or out of the selected
 * namespaces, summed to its two ends and reporter. The two selectors overlap where both ends
 * are selected; `or` keeps one copy of such a series (identical label sets after `rate`).
 */
export function latencyQueries(options: {
  namespaces: readonly string[];
  windowSeconds: number;
}): LatencyQueries {
  const w = range(options.windowSeconds);
  const selected = (metric: string, extra: readonly string[] = []) =>
    ['source_workload_namespace', 'destination_workload_namespace']
      .map(
        (label) => `rate(${metric}${selector([...extra, anyOf(label, options.namespaces)])}[${w}])`,
      )
      .join(' or ');
  const by = (labels: readonly string[]) => `sum by (${labels.join(', ')})`;
  return {
    durationSum: `${by(['reporter', ...END_LABELS])} (${selected('istio_request_duration_milliseconds_sum')})`,
    durationCount: `${by(['reporter', ...END_LABELS])} (${selected('istio_request_duration_milliseconds_count')})`,
    flags: `${by([...END_LABELS, 'response_flags'])} (${selected('istio_requests_total', [
      matcher('reporter', '=', 'source'),
      matcher('response_flags', '!=', '-'),
    ])})`,
  };
}
