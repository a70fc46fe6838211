'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useOverview } from '@/lib/client/hooks';
import type { Overview, OverviewWorkload } from '@/lib/contracts/overview';
import {
  formatBytesPerSecond,
  formatMs,
  formatPercent,
  formatRps,
  workloadDot,
} from '@/lib/format';
import { graphPath } from '@/lib/graph-view/links';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { QueryNotices } from '../ui/QueryNotices';
import styles from './MeshOverview.module.css';

/** The workload graph of the workload's namespace, with the workload selected. */
const graphHref = (w: OverviewWorkload): string =>
  graphPath({
    namespaces: [w.namespace],
    graphType: 'workload',
    selected: `workload/${w.namespace}/${w.name}`,
  });

const WINDOW_SECONDS = 60;

const HEALTH_TEXT = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failure: 'Failure',
  idle: 'No traffic',
};

/** The health a workload's dot shows, in words, with the rule it broke ("5xx 12.0%"). */
function healthTitle(workload: OverviewWorkload): string {
  const health = HEALTH_TEXT[workloadDot(workload)];
  return workload.health.reason ? `${health}: ${workload.health.reason}` : health;
}

const notReady = ({ replicas }: OverviewWorkload): boolean =>
  replicas !== undefined && replicas.available < replicas.desired;

const WORKLOAD_COLUMNS: readonly [
  MetricsColumn<OverviewWorkload>,
  ...MetricsColumn<OverviewWorkload>[],
] = [
  {
    header: 'Workload',
    width: '24%',
    cell: (w) => (
      <>
        <span
          className={`dot dot-${workloadDot(w)}`}
          role="img"
          title={healthTitle(w)}
          aria-label={healthTitle(w)}
        />
        <Link href={graphHref(w)} title={`Show ${w.name} on the graph`}>
          {w.name}
        </Link>
      </>
    ),
  },
  { header: 'App', width: '14%', cell: (w) => w.app ?? '—' },
  { header: 'Version', width: '10%', cell: (w) => w.version ?? '—' },
  {
    header: 'Ready',
    width: '8%',
    cell: ({ replicas }) => (replicas ? `${replicas.available}/${replicas.desired}` : '—'),
    className: (w) => (notReady(w) ? 'error-text' : undefined),
  },
  { header: 'Requests/s', width: '12%', numeric: true, cell: (w) => formatRps(w.inboundRps) },
  {
    header: 'Errors',
    width: '10%',
    numeric: true,
    cell: (w) => formatPercent(w.errorPercent),
    className: (w) => (w.errorPercent > 0 ? 'error-text' : undefined),
  },
  {
    header: 'p95',
    width: '10%',
    headerTitle: 'Inbound p95 response time',
    numeric: true,
    cell: (w) => (w.p95Ms === undefined ? '—' : formatMs(w.p95Ms)),
  },
  {
    header: 'TCP',
    width: '12%',
    numeric: true,
    cell: (w) => (w.tcpBytesPerSecond > 0 ? formatBytesPerSecond(w.tcpBytesPerSecond) : '—'),
  },
];

function NamespaceTable({ namespace }: { namespace: Overview['namespaces'][number] }): ReactNode {
  const total = namespace.workloads.reduce((sum, w) => sum + w.inboundRps, 0);
  return (
    <div className="card">
      <div className={styles.tableTitle}>
        <h3>{namespace.name}</h3>
        <span className="muted">
          {namespace.workloads.length} {namespace.workloads.length === 1 ? 'workload' : 'workloads'}{' '}
          · {formatRps(total)} req/s inbound
        </span>
      </div>
      <MetricsTable
        label={`Workloads in ${namespace.name}`}
        compact={false}
        columns={WORKLOAD_COLUMNS}
        rows={namespace.workloads}
        rowKey={(w) => w.name}
      />
    </div>
  );
}

/** A first view of the mesh: every workload with its inbound traffic, per namespace. */
export function MeshOverview(): ReactNode {
  const { data, error, isPending, isFetching } = useOverview(WINDOW_SECONDS);
  return (
    <section aria-labelledby="mesh-heading" className="section">
      <div className="section-title">
        <h2 id="mesh-heading">Mesh</h2>
        <span className="muted">
          inbound traffic over the last {WINDOW_SECONDS / 60} min
          {isFetching ? ' · refreshing…' : ''}
        </span>
      </div>
      <QueryNotices
        isPending={isPending}
        error={error}
        hasData={data !== undefined}
        warnings={data?.warnings}
        loading="Loading workloads and traffic…"
      />
      {data && data.namespaces.length === 0 && (
        <div className="card empty">
          <strong>No workloads found.</strong>
          <p className="muted">
            Prometheus holds no <code>istio_requests_total</code> samples for the last minute and
            Kubernetes lists no Deployments. Check that Prometheus scrapes the Envoy sidecars of
            your mesh.
          </p>
        </div>
      )}
      {data?.namespaces.map((namespace) => (
        <NamespaceTable key={namespace.name} namespace={namespace} />
      ))}
    </section>
  );
}
