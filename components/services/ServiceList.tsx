'use client';

import type { ReactNode } from 'react';
import { useServiceList } from '@/lib/client/hooks';
import type { ServiceRow } from '@/lib/contracts/entities';
import { healthDot } from '@/lib/format';
import {
  SERVICE_SORTS,
  serviceDefaultDescending,
  serviceRows,
  type ServiceSort,
} from '@/lib/overview/service-list';
import {
  meshColumn,
  MeshList,
  routingColumn,
  RowName,
  trafficColumns,
  useListSettings,
} from '../ui/MeshList';
import type { MetricsColumn } from '../ui/MetricsTable';

const WINDOW_SECONDS = 60;

/**
 * Every Service of the mesh, or of the chosen namespaces: the workloads and versions it
 * selects, its routing objects (each opening the routing editor), their config errors, and its
 * inbound traffic over the last minute.
 */
export function ServiceList(): ReactNode {
  const settings = useListSettings(SERVICE_SORTS, serviceDefaultDescending);
  const { namespaces, text, sort, descending, sortable } = settings;
  const services = useServiceList(WINDOW_SECONDS);
  const all = services.data?.services ?? [];
  const rows = serviceRows(all, { namespaces, text, sort, descending });
  const total = serviceRows(all, { namespaces }).length;
  const columns: readonly [MetricsColumn<ServiceRow>, ...MetricsColumn<ServiceRow>[]] = [
    {
      header: sortable('name', 'Service'),
      width: '20%',
      cell: (s) => (
        <RowName
          dot={healthDot(s.health.status)}
          health={s.health}
          kind="service"
          namespace={s.namespace}
          name={s.name}
        />
      ),
    },
    { header: sortable('namespace', 'Namespace'), width: '10%', cell: (s) => s.namespace },
    {
      header: 'Workloads',
      headerTitle: 'The workloads its selector picks: their versions, or their names',
      width: '18%',
      cell: (s) =>
        s.workloads.length === 0 ? (
          <span className="muted">none selected</span>
        ) : s.versions.length ? (
          `${s.workloads.length} · ${s.versions.join(', ')}`
        ) : (
          s.workloads.join(', ')
        ),
      title: (s) => s.workloads.join(', ') || undefined,
    },
    meshColumn<ServiceRow>('9%', (s) => s.dataplanes),
    routingColumn<ServiceRow>('12%', (s) => ({
      kinds: s.routing,
      errors: s.configErrors,
      service: { namespace: s.namespace, name: s.name },
    })),
    ...trafficColumns<ServiceRow, ServiceSort>(sortable, { rps: '11%', errors: '9%', p95: '9%' }),
  ];
  return (
    <MeshList
      title="Services"
      noun={['service', 'services']}
      searchLabel="Service or workload"
      settings={settings}
      query={services}
      rows={rows}
      total={total}
      columns={columns}
      rowKey={(s) => `${s.namespace}/${s.name}`}
      emptyText="No services: Kubernetes lists no Service in these namespaces."
    />
  );
}
