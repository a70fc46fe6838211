'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useOverview } from '@/lib/client/hooks';
import { routingOf } from '@/lib/overview/routing-badges';
import type { OverviewWorkload } from '@/lib/contracts/overview';
import { formatBytesPerSecond, workloadDot } from '@/lib/format';
import { entityPath } from '@/lib/entity-view/entity-links';
import {
  WORKLOAD_SORTS,
  defaultDescending,
  workloadRows,
  type WorkloadSort,
} from '@/lib/overview/workload-list';
import {
  meshColumn,
  MeshList,
  readyColumn,
  routingColumn,
  RowName,
  trafficColumns,
  useListSettings,
  useRoutingByService,
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
  const routing = useRoutingByService(namespaces);
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
            kind="workload"
            namespace={w.namespace}
            name={w.name}
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
      meshColumn<OverviewWorkload>('8%', (w) => (w.dataplane ? [w.dataplane] : [])),
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
