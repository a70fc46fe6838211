'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';
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

function WorkloadRow({ workload }: { workload: OverviewWorkload }): ReactNode {
  const health = workloadDot(workload);
  // The rule it broke, when it broke one ("5xx 12.0%"), as the graph says it.
  const title = workload.health.reason
    ? `${HEALTH_TEXT[health]}: ${workload.health.reason}`
    : HEALTH_TEXT[health];
  const replicas = workload.replicas;
  const notReady = replicas !== undefined && replicas.available < replicas.desired;
  return (
    <tr>
      <th scope="row">
        <span className={`dot dot-${health}`} role="img" title={title} aria-label={title} />
        <Link href={graphHref(workload)} title={`Show ${workload.name} on the graph`}>
          {workload.name}
        </Link>
      </th>
      <td>{workload.app ?? '—'}</td>
      <td>{workload.version ?? '—'}</td>
      <td className={notReady ? 'error-text' : undefined}>
        {replicas ? `${replicas.available}/${replicas.desired}` : '—'}
      </td>
      <td className="num">{formatRps(workload.inboundRps)}</td>
      <td className={`num ${workload.errorPercent > 0 ? 'error-text' : ''}`}>
        {formatPercent(workload.errorPercent)}
      </td>
      <td className="num">{workload.p95Ms === undefined ? '—' : formatMs(workload.p95Ms)}</td>
      <td className="num">
        {workload.tcpBytesPerSecond > 0 ? formatBytesPerSecond(workload.tcpBytesPerSecond) : '—'}
      </td>
    </tr>
  );
}

function NamespaceTable({ namespace }: { namespace: Overview['namespaces'][number] }): ReactNode {
  const total = namespace.workloads.reduce((sum, w) => sum + w.inboundRps, 0);
  return (
    <div className="card">
      <div className="table-title">
        <h3>{namespace.name}</h3>
        <span className="muted">
          {namespace.workloads.length} {namespace.workloads.length === 1 ? 'workload' : 'workloads'}{' '}
          · {formatRps(total)} req/s inbound
        </span>
      </div>
      <table className="table" aria-label={`Workloads in ${namespace.name}`}>
        <colgroup>
          <col style={{ width: '26%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '14%' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            <th scope="col">App</th>
            <th scope="col">Version</th>
            <th scope="col">Ready</th>
            <th scope="col" className="num">
              Requests/s
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num" title="Inbound p95 response time">
              p95
            </th>
            <th scope="col" className="num">
              TCP
            </th>
          </tr>
        </thead>
        <tbody>
          {namespace.workloads.map((workload) => (
            <WorkloadRow key={workload.name} workload={workload} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A first view of the mesh: every workload with its inbound traffic, per namespace. */
export function MeshOverview(): ReactNode {
  const { data, error, isPending, isFetching } = useOverview(WINDOW_SECONDS);
  const backend = error instanceof ApiClientError ? error.backend : undefined;
  return (
    <section aria-labelledby="mesh-heading" className="section">
      <div className="section-title">
        <h2 id="mesh-heading">Mesh</h2>
        <span className="muted">
          inbound traffic over the last {WINDOW_SECONDS / 60} min
          {isFetching ? ' · refreshing…' : ''}
        </span>
      </div>
      {isPending && <p className="muted">Loading workloads and traffic…</p>}
      {error && (
        <p className="banner banner-error" role="alert" data-backend={backend}>
          {data ? 'Refresh failed, showing the last good data. ' : ''}
          {error.message}
        </p>
      )}
      {data?.warnings.map((warning) => (
        <p key={warning} className="banner banner-warning" role="status">
          {warning}
        </p>
      ))}
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
