/**
 * The PromQL of an app's, workload's or service's metrics dashboard (Kiali's "Inbound metrics"
 * and "Outbound metrics"): request volume, duration quantiles and mean, request and response
 * sizes, TCP bytes each way; split by peer, version or response code. Pure.
 */
import type { ChartUnit, DashboardGroup } from '../contracts/entities';
import { nodeMatchers, type NodeRef } from '../graph/entity';
import { matcher, range, selector } from '../promql/promql';

export interface DashboardQueryInput {
  entity: Exclude<NodeRef, { kind: 'unknown' }>;
  direction: 'inbound' | 'outbound';
  reporter: 'source' | 'destination';
  by: DashboardGroup;
  rateWindowSec: number;
}

/** One line kind of a chart: its query and the name its series take (`p95`). */
export interface ChartLine {
  /** Empty for a chart of one line kind (the series are named by their group alone). */
  name: string;
  query: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: ChartUnit;
  lines: ChartLine[];
  /** The labels each series of this chart is split by (TCP has no response code). */
  groupLabels: string[];
}

const QUANTILES = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/** The labels a dashboard's series are split by, per direction. */
export function groupLabels(by: DashboardGroup, direction: 'inbound' | 'outbound'): string[] {
  // The other end of the traffic: who calls us inbound, whom we call outbound.
  const peer = direction === 'inbound' ? 'source' : 'destination';
  switch (by) {
    case 'none':
      return [];
    case 'peer':
      return [`${peer}_workload_namespace`, `${peer}_workload`];
    case 'version':
      // Inbound: our own versions (an app's or a service's); outbound: the callee's.
      return ['destination_canonical_service', 'destination_canonical_revision'];
    case 'response_code':
      return ['response_code'];
  }
}

/** Every chart of the dashboard, in the order it is drawn. */
export function dashboardQueries(input: DashboardQueryInput): ChartSpec[] {
  const { entity, direction, reporter, by, rateWindowSec } = input;
  const side = direction === 'inbound' ? 'destination' : 'source';
  // The destination's report, or its waypoint's for an ambient workload (never both).
  const reporterMatcher =
    reporter === 'destination'
      ? matcher('reporter', '=~', 'destination|waypoint')
      : matcher('reporter', '=', 'source');
  const sel = selector([reporterMatcher, ...nodeMatchers(entity, side)]);
  const w = range(rateWindowSec);
  const groups = groupLabels(by, direction);
  const tcpGroups = groups.filter((l) => l !== 'response_code');
  const sumBy = (labels: readonly string[], inner: string): string =>
    labels.length ? `sum by (${labels.join(', ')}) (${inner})` : `sum(${inner})`;
  const rate = (metric: string) => `rate(${metric}${sel}[${w}])`;
  const quantiles = (histogram: string): ChartLine[] =>
    QUANTILES.map(([name, q]) => ({
      name,
      query: `histogram_quantile(${q}, ${sumBy(['le', ...groups], rate(`${histogram}_bucket`))})`,
    }));
  const mean = (histogram: string): ChartLine => ({
    name: 'mean',
    query: `${sumBy(groups, rate(`${histogram}_sum`))} / ${sumBy(groups, rate(`${histogram}_count`))}`,
  });
  const sizeLines = (histogram: string): ChartLine[] => [
    quantiles(histogram)[1] as ChartLine,
    mean(histogram),
  ];
  return [
    {
      id: 'requests',
      title: 'Request volume',
      unit: 'rps',
      lines: [{ name: '', query: sumBy(groups, rate('istio_requests_total')) }],
      groupLabels: groups,
    },
    {
      id: 'duration',
      title: 'Request duration',
      unit: 'ms',
      lines: [
        ...quantiles('istio_request_duration_milliseconds'),
        mean('istio_request_duration_milliseconds'),
      ],
      groupLabels: groups,
    },
    {
      id: 'request-size',
      title: 'Request size',
      unit: 'bytes',
      lines: sizeLines('istio_request_bytes'),
      groupLabels: groups,
    },
    {
      id: 'response-size',
      title: 'Response size',
      unit: 'bytes',
      lines: sizeLines('istio_response_bytes'),
      groupLabels: groups,
    },
    {
      id: 'tcp-received',
      title: 'TCP received',
      unit: 'bytesPerSecond',
      lines: [{ name: '', query: sumBy(tcpGroups, rate('istio_tcp_received_bytes_total')) }],
      groupLabels: tcpGroups,
    },
    {
      id: 'tcp-sent',
      title: 'TCP sent',
      unit: 'bytesPerSecond',
      lines: [{ name: '', query: sumBy(tcpGroups, rate('istio_tcp_sent_bytes_total')) }],
      groupLabels: tcpGroups,
    },
  ];
}

/**
 * A series' name: its line kind and its group's label values (`p95 · productpage-v1`,
 * `reviews v2`); a namespace only when it is not the entity's own (`travel/hotels-v1`).
 */
export function seriesLabel(
  line: string,
  groupLabelNames: readonly string[],
  labels: Readonly<Record<string, string>>,
  ownNamespace: string,
): string {
  let group = '';
  for (const name of groupLabelNames) {
    const value = labels[name] || 'unknown';
    if (name.endsWith('_namespace')) {
      if (value !== ownNamespace) group += `${value}/`;
    } else group += group && !group.endsWith('/') ? ` ${value}` : value;
  }
  return [line, group].filter(Boolean).join(' · ') || 'total';
}
