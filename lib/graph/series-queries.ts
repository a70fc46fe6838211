import { matcher, range, selector } from '../promql/promql';

/** Time range, step and rate window of the sparklines for a graph window. */
export function seriesWindow(
  durationSec: number,
  endSec: number,
): { startSec: number; endSec: number; stepSec: number; rateWindowSec: number } {
  const span = Math.max(600, durationSec);
  const stepSec = Math.max(5, Math.round(span / 60));
  return { startSec: endSec - span, endSec, stepSec, rateWindowSec: Math.max(30, 2 * stepSec) };
}

/**
 * Range queries for a node's sparklines: request rate, error % (5xx and no response) and
 * p95 latency of its inbound (destination- or waypoint-reported) or outbound (source-reported)
 * traffic.
 */
export function nodeSeriesQueries(
  matchers: string[],
  direction: 'inbound' | 'outbound',
  rateWindowSec: number,
): { rate: string; errors: string; p95: string } {
  // Inbound: the destination's proxy, or its waypoint for an ambient workload (never both).
  const reporter =
    direction === 'inbound'
      ? matcher('reporter', '=~', 'destination|waypoint')
      : matcher('reporter', '=', 'source');
  const w = range(rateWindowSec);
  const all = selector([reporter, ...matchers]);
  const failed = selector([reporter, ...matchers, matcher('response_code', '=~', '5..|0')]);
  const rate = `sum(rate(istio_requests_total${all}[${w}]))`;
  return {
    rate,
    // `or vector(0)`: no failed requests is 0 failures, not a missing series.
    errors: `(sum(rate(istio_requests_total${failed}[${w}])) or vector(0)) / ${rate} * 100`,
    p95: `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket${all}[${w}])))`,
  };
}

/**
 * Instant queries for an edge: its duration histogram and sum per reporter (one query each;
 * quantiles, mean and the reporter are chosen from them in edge-latency.ts, as the graph
 * chooses) and the mTLS identities on it (destination- or waypoint-reported: only that side
 * sees them).
 */
export function edgeDetailQueries(
  matchers: string[],
  windowSec: number,
): { buckets: string; sum: string; principals: string } {
  const all = selector(matchers);
  const destination = selector([matcher('reporter', '=~', 'destination|waypoint'), ...matchers]);
  const w = range(windowSec);
  return {
    buckets: `sum by (reporter, le) (rate(istio_request_duration_milliseconds_bucket${all}[${w}]))`,
    sum: `sum by (reporter) (rate(istio_request_duration_milliseconds_sum${all}[${w}]))`,
    principals: `sum by (source_principal, destination_principal, connection_security_policy) (rate(istio_requests_total${destination}[${w}]))`,
  };
}
