'use client';

import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { useIstioConfig, useOverview } from '@/lib/client/hooks';
import { routingByService, routingOf } from '@/lib/overview/routing-badges';
import type { OverviewWorkload } from '@/lib/contracts/overview';
import { formatBytesPerSecond, workloadDot } from '@/lib/format';
import { LIVE_GRAPH_WINDOW, entityGraphHref, entityPath } from '@/lib/entity-view/entity-links';
import {
  WORKLOAD_SORTS,
  defaultDescending,
  workloadRows,
  type WorkloadSort,
} from '@/lib/overview/workload-list';
import {
  DATAPLANE_TEXT,
  MeshList,
  RowName,
  readyColumn,
  routingColumn,
  trafficColumns,
  useListSettings,
} from '../ui/MeshList';
import type { MetricsColumn } from '../ui/MetricsTable';

const WINDOW_SECONDS = 60;

/**
 * Every workload of the mesh, or of the chosen namespaces: health, replicas, how it is in the
 * mesh, and its inbound traffic over the last minute; sortable by any figure, searchable by
 * name, app or version. Every setting is in the URL.
 */
export function WorkloadList(): ReactNode {
  const settings = useListSettings(WORKLOAD_SORTS, defaultDescending);
  const { namespaces, text, sort, descending, sortable } = settings;
  const overview = useOverview(WINDOW_SECONDS);
  // What routes each workload's Services: the Istio config list's reading (no Prometheus).
  const config = useIstioConfig(namespaces);
  const routing = useMemo(() => routingByService(config.data?.items ?? []), [config.data]);
  const rows = overview.data
    ? workloadRows(overview.data, { namespaces, text, sort, descending })
    : [];
  // The workloads of the chosen namespaces, before the search: what "3 of 7" counts.
  const total = overview.data ? workloadRows(overview.data, { namespaces }).length : 0;

  const columns: readonly [MetricsColumn<OverviewWorkload>, ...MetricsColumn<OverviewWorkload>[]] =
    [
      {
        header: sortable('name', 'Workload'),
        width: '18%',
        cell: (w) => (
          <RowName
            dot={workloadDot(w)}
            health={w.health}
            name={w.name}
            href={entityPath('workload', w.namespace, w.name)}
            graphHref={entityGraphHref('workload', w.namespace, w.name, LIVE_GRAPH_WINDOW)}
          />
        ),
      },
      { header: sortable('namespace', 'Namespace'), width: '9%', cell: (w) => w.namespace },
      {
        header: 'App',
        width: '12%',
        cell: (w) =>
          w.app ? (
            <Link prefetch={false} href={entityPath('app', w.namespace, w.app)}>
              {w.app}
            </Link>
          ) : (
            '—'
          ),
      },
      { header: 'Version', width: '7%', cell: (w) => w.version ?? '—' },
      {
        header: 'Mesh',
        headerTitle: 'How its traffic is in the mesh: an Istio sidecar, ambient, or neither',
        width: '8%',
        cell: (w) => (w.dataplane ? DATAPLANE_TEXT[w.dataplane] : '—'),
        className: (w) => (w.dataplane === 'none' ? 'warn-text' : undefined),
      },
      readyColumn('6%'),
      routingColumn<OverviewWorkload>('9%', (w) => routingOf(routing, w.namespace, w.services)),
      ...trafficColumns<OverviewWorkload, WorkloadSort>(sortable, {
        rps: '9%',
        errors: '8%',
        p95: '7%',
      }),
      {
        header: 'TCP',
        width: '7%',
        numeric: true,
        cell: (w) => (w.tcpBytesPerSecond > 0 ? formatBytesPerSecond(w.tcpBytesPerSecond) : '—'),
      },
    ];

  return (
    <MeshList
      title="Workloads"
      noun={['workload', 'workloads']}
      searchLabel="Name, app or version"
      settings={settings}
      query={overview}
      rows={rows}
      total={total}
      columns={columns}
      rowKey={(w) => `${w.namespace}/${w.name}`}
      emptyText="No workloads: Kubernetes lists no Deployment, and Prometheus has no Istio traffic."
    />
  );
}
