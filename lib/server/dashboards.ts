import 'server-only';
import type { Chart, Dashboard, DashboardParams, EntityKind } from '../contracts/entities';
import type { AppConfig } from '../config/env';
import { dashboardQueries, seriesLabel, type ChartSpec } from '../dashboards/queries';
import { grafanaExploreLink, prometheusLink } from '../dashboards/links';
import type { NodeRef } from '../graph/entity';
import type { PrometheusClient } from '../prometheus/client';
import { BadRequestError } from './route';

/** Series drawn per chart: the busiest; the rest are counted, never silently dropped. */
export const MAX_SERIES_PER_CHART = 12;
/** Points per series: enough for a smooth line, few enough for a thousand-service mesh. */
const POINTS = 120;

/** The time axis of a dashboard: at least 5 minutes, about {@link POINTS} points. */
export function dashboardWindow(
  durationSec: number,
  endSec: number,
): { startSec: number; endSec: number; stepSec: number; rateWindowSec: number } {
  const span = Math.max(300, durationSec);
  const stepSec = Math.max(5, Math.ceil(span / POINTS));
  const end = Math.floor(endSec / stepSec) * stepSec;
  return { startSec: end - span, endSec: end, stepSec, rateWindowSec: Math.max(30, 4 * stepSec) };
}

/** The graph node an entity's traffic is selected by. */
function entityRef(
  kind: EntityKind,
  namespace: string,
  name: string,
  cluster: string | undefined,
): Exclude<NodeRef, { kind: 'unknown' }> {
  const inCluster = cluster === undefined ? {} : { cluster };
  switch (kind) {
    case 'workload':
      return { kind, namespace, workload: name, ...inCluster };
    case 'app':
      return { kind, namespace, app: name, ...inCluster };
    case 'service':
      return { kind, namespace, service: name, ...inCluster };
  }
}

/**
 * An entity's inbound or outbound dashboard: every chart's queries run in parallel over one
 * time axis. A service has no outbound traffic of its own (Istio has no source service).
 */
export async function loadDashboard(
  prometheus: PrometheusClient,
  links: AppConfig['queryLinks'],
  /** `cluster`: only the traffic that cluster's proxies served (a mesh of several). */
  target: { kind: EntityKind; namespace: string; name: string; cluster?: string },
  params: DashboardParams,
  options: { nowSec: number; signal?: AbortSignal },
): Promise<Dashboard> {
  if (target.kind === 'service' && params.direction === 'outbound')
    throw new BadRequestError(
      'parameter direction: a service has inbound metrics only (its workloads make its calls)',
    );
  const window = dashboardWindow(params.duration, params.queryTime ?? options.nowSec);
  const reporter = params.reporter ?? (params.direction === 'inbound' ? 'destination' : 'source');
  const specs = dashboardQueries({
    entity: entityRef(target.kind, target.namespace, target.name, target.cluster),
    direction: params.direction,
    reporter,
    by: params.by,
    rateWindowSec: window.rateWindowSec,
  });
  const times: number[] = [];
  for (let t = window.startSec; t <= window.endSec; t += window.stepSec) times.push(t);
  const slot = new Map(times.map((t, i) => [t, i]));
  const charts = await Promise.all(
    specs.map((spec) =>
      loadChart(prometheus, spec, window, slot, times.length, target.namespace, options.signal),
    ),
  );
  return {
    direction: params.direction,
    reporter,
    by: params.by,
    stepSec: window.stepSec,
    rateWindowSec: window.rateWindowSec,
    times,
    charts: charts.map((chart) => ({
      ...chart,
      links: {
        ...(links.prometheusUi
          ? {
              prometheus: prometheusLink(
                links.prometheusUi,
                chart.queries,
                window.endSec - window.startSec,
                window.endSec,
              ),
            }
          : {}),
        ...(links.grafana
          ? {
              grafana: grafanaExploreLink(
                links.grafana.url,
                links.grafana.datasourceUid,
                chart.queries,
                window.startSec,
                window.endSec,
              ),
            }
          : {}),
      },
    })),
  };
}

async function loadChart(
  prometheus: PrometheusClient,
  spec: ChartSpec,
  window: { startSec: number; endSec: number; stepSec: number },
  slot: ReadonlyMap<number, number>,
  length: number,
  namespace: string,
  signal: AbortSignal | undefined,
): Promise<Omit<Chart, 'links'>> {
  const results = await Promise.all(
    spec.lines.map((line) => prometheus.rangeQuery(line.query, { ...window, signal })),
  );
  const series = results.flatMap((result, lineIndex) => {
    const line = spec.lines[lineIndex] as ChartSpec['lines'][number];
    if (result.data.resultType !== 'matrix') return [];
    return result.data.series.map((s) => {
      const values: (number | null)[] = new Array<number | null>(length).fill(null);
      let total = 0;
      for (const p of s.points) {
        const at = slot.get(p.timestampSec);
        if (at === undefined || !Number.isFinite(p.value)) continue;
        values[at] = p.value;
        total += p.value;
      }
      const group = seriesLabel('', spec.groupLabels, s.labels, namespace);
      return {
        label: seriesLabel(line.name, spec.groupLabels, s.labels, namespace),
        group,
        lineIndex,
        values,
        total,
      };
    });
  });
  // Whole groups, busiest first (a group's p50, p95, p99 and mean together), up to the bound;
  // the quieter beyond it are counted.
  const weight = new Map<string, number>();
  for (const s of series) weight.set(s.group, Math.max(weight.get(s.group) ?? 0, s.total));
  const rank = [...weight.keys()].sort(
    (a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || a.localeCompare(b),
  );
  const perGroup = Math.max(1, spec.lines.length);
  const keptGroups = new Map(
    rank.slice(0, Math.max(1, Math.floor(MAX_SERIES_PER_CHART / perGroup))).map((g, i) => [g, i]),
  );
  const kept = series
    .filter((s) => keptGroups.has(s.group))
    .sort(
      (a, b) =>
        (keptGroups.get(a.group) ?? 0) - (keptGroups.get(b.group) ?? 0) ||
        a.lineIndex - b.lineIndex,
    );
  return {
    id: spec.id,
    title: spec.title,
    unit: spec.unit,
    queries: spec.lines.map((l) => l.query),
    series: kept.map(({ label, values }) => ({ label, values })),
    omittedSeries: series.length - kept.length,
  };
}
