'use client';

import type { ReactNode } from 'react';
import { useOverview } from '@/lib/client/hooks';
import { routingOf } from '@/lib/overview/routing-badges';
import { healthDot } from '@/lib/format';
import { APP_SORTS, appRows, type AppRow, type AppSort } from '@/lib/overview/app-list';
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
const defaultDescending = (sort: AppSort) => sort !== 'name' && sort !== 'namespace';

/**
 * Every app (canonical service) of the mesh, or of the chosen namespaces: its versions, how
 * it is in the mesh, and the inbound traffic of all its versions over the last minute.
 */
export function AppList(): ReactNode {
  const settings = useListSettings(APP_SORTS, defaultDescending);
  const { namespaces, text, sort, descending, sortable } = settings;
  const overview = useOverview(WINDOW_SECONDS);
  // What routes each app's Services: the Istio config list's reading (no Prometheus).
  const routing = useRoutingByService(namespaces);
  const rows = overview.data ? appRows(overview.data, { namespaces, text, sort, descending }) : [];
  const total = overview.data ? appRows(overview.data, { namespaces }).length : 0;
  const columns: readonly [MetricsColumn<AppRow>, ...MetricsColumn<AppRow>[]] = [
    {
      header: sortable('name', 'App'),
      width: '20%',
      cell: (a) => (
        <RowName
          dot={healthDot(a.health.status)}
          health={a.health}
          kind="app"
          namespace={a.namespace}
          name={a.app}
        />
      ),
    },
    { header: sortable('namespace', 'Namespace'), width: '10%', cell: (a) => a.namespace },
    { header: 'Versions', width: '13%', cell: (a) => a.versions.join(', ') },
    meshColumn<AppRow>('10%', (a) => a.dataplanes),
    readyColumn('7%'),
    routingColumn<AppRow>('10%', (a) => routingOf(routing, a.namespace, a.services)),
    ...trafficColumns<AppRow, AppSort>(
      sortable,
      { rps: '10%', errors: '10%', p95: '10%' },
      'Inbound p95 of its slowest version',
    ),
  ];
  return (
    <MeshList
      title="Apps"
      noun={['app', 'apps']}
      searchLabel="App or version"
      settings={settings}
      query={overview}
      rows={rows}
      total={total}
      columns={columns}
      rowKey={(a) => `${a.namespace}/${a.app}`}
      emptyText="No apps: no workload carries an app label (app or app.kubernetes.io/name)."
    />
  );
}
