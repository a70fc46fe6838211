'use client';

import type { ReactNode } from 'react';
import { useDashboard } from '@/lib/client/hooks';
import { useUrlParams } from '@/lib/client/url-params';
import { DASHBOARD_GROUPS, type DashboardGroup, type EntityKind } from '@/lib/contracts/entities';
import { durationSeconds, type GraphViewState } from '@/lib/graph-view/view-state';
import { TimeSeriesChart } from '../charts/TimeSeriesChart';
import { QueryNotices } from '../ui/QueryNotices';
import styles from './EntityDashboard.module.css';

const GROUP_TEXT: Record<DashboardGroup, (direction: 'inbound' | 'outbound') => string> = {
  none: () => 'Nothing (totals)',
  peer: (direction) => (direction === 'inbound' ? 'Source workload' : 'Destination workload'),
  version: (direction) => (direction === 'inbound' ? 'Version' : 'Destination version'),
  response_code: () => 'Response code',
};

/** How often a live dashboard is drawn again. */
const REFRESH_SEC = 15;

/**
 * An entity's inbound or outbound metrics: request volume, duration (p50, p95, p99, mean),
 * request and response sizes, TCP bytes each way; split as chosen, from the proxy chosen, over
 * the page's window and moment. The charts share one crosshair.
 */
export function EntityDashboard({
  kind,
  namespace,
  name,
  direction,
  view,
  cluster,
}: {
  kind: EntityKind;
  namespace: string;
  name: string;
  direction: 'inbound' | 'outbound';
  view: GraphViewState;
  cluster?: string;
}): ReactNode {
  const [search, update] = useUrlParams();
  const by = DASHBOARD_GROUPS.find((g) => g === search.get('by')) ?? 'none';
  const defaultReporter = direction === 'inbound' ? 'destination' : 'source';
  const asked = search.get('reporter');
  const reporter = asked === 'source' || asked === 'destination' ? asked : defaultReporter;
  const query = new URLSearchParams({
    direction,
    reporter,
    by,
    duration: `${durationSeconds(view.duration)}s`,
  });
  if (view.time !== undefined) query.set('queryTime', String(view.time));
  if (cluster) query.set('cluster', cluster);
  const dashboard = useDashboard(
    kind,
    namespace,
    name,
    query.toString(),
    view.time === undefined ? REFRESH_SEC : 0,
  );
  const data = dashboard.data;
  const subject = direction === 'inbound' ? 'requests into it' : 'requests it makes';
  return (
    <div>
      <div className={styles.controls}>
        <label>
          Split by{' '}
          <select
            value={by}
            onChange={(event) =>
              update({ by: event.target.value === 'none' ? '' : event.target.value })
            }
          >
            {DASHBOARD_GROUPS.map((g) => (
              <option key={g} value={g}>
                {GROUP_TEXT[g](direction)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reported by{' '}
          <select
            value={reporter}
            onChange={(event) =>
              update({ reporter: event.target.value === defaultReporter ? '' : event.target.value })
            }
          >
            <option value="destination">Destination proxy</option>
            <option value="source">Source proxy</option>
          </select>
        </label>
        {data && (
          <span className="muted">
            A point every {data.stepSec} s, each a rate over {data.rateWindowSec} s
          </span>
        )}
      </div>
      <QueryNotices
        isPending={dashboard.isPending}
        error={dashboard.error}
        hasData={data !== undefined}
        loading="Loading metrics…"
      />
      {data && (
        <div className={styles.grid} data-testid="dashboard" data-direction={direction}>
          {data.charts.map((chart) => (
            <TimeSeriesChart
              key={chart.id}
              title={chart.title}
              unit={chart.unit}
              times={data.times}
              series={chart.series}
              syncKey={`${kind}/${namespace}/${name}/${direction}`}
              emptyText={
                chart.id.startsWith('tcp')
                  ? 'No TCP traffic in this window'
                  : `No ${subject} in this window`
              }
              note={
                chart.omittedSeries ? `${chart.omittedSeries} quieter series not drawn` : undefined
              }
              actions={
                <>
                  {chart.links.prometheus && (
                    <a href={chart.links.prometheus} target="_blank" rel="noreferrer">
                      Open in Prometheus
                    </a>
                  )}
                  {chart.links.grafana && (
                    <a href={chart.links.grafana} target="_blank" rel="noreferrer">
                      Open in Grafana Explore
                    </a>
                  )}
                </>
              }
            />
          ))}
        </div>
      )}
    </div>
  );
}
