'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type {
  EntityDetails,
  EntityPod,
  EntityService,
  EntityWorkload,
} from '@/lib/contracts/entities';
import type { ConfigItem } from '@/lib/contracts/istio-config';
import { entityGraphHref, entityPath } from '@/lib/entity-view/entity-links';
import type { GraphViewState } from '@/lib/graph-view/view-state';
import { formatAge } from '@/lib/format';
import { CONFIG_COLUMNS } from '../istio/ConfigChecks';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { NeighbourDiagram } from './NeighbourDiagram';
import styles from './EntityOverview.module.css';

const DATAPLANE_TEXT = { sidecar: 'Sidecar', ambient: 'Ambient', none: 'No sidecar' };

function Labels({ labels }: { labels: Readonly<Record<string, string>> }): ReactNode {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className={styles.labels}>
      {entries.map(([k, v]) => (
        <li key={k}>
          {k}={v}
        </li>
      ))}
    </ul>
  );
}

const readyText = (pod: EntityPod): string =>
  `${pod.containers.filter((c) => c.ready).length}/${pod.containers.length}`;

const restarts = (pod: EntityPod): number => pod.containers.reduce((n, c) => n + c.restartCount, 0);

function podColumns(
  namespace: string,
  at: Record<string, string>,
  showWorkload: boolean,
  nowSec: number,
): readonly [MetricsColumn<EntityPod>, ...MetricsColumn<EntityPod>[]] {
  return [
    {
      header: 'Pod',
      width: '30%',
      cell: (p) => <span className="mono">{p.name}</span>,
      title: (p) => p.name,
    },
    ...(showWorkload
      ? [
          {
            header: 'Workload',
            width: '15%',
            cell: (p: EntityPod) =>
              p.workload ? (
                <Link href={entityPath('workload', namespace, p.workload, at)}>{p.workload}</Link>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    {
      header: 'Status',
      width: '12%',
      cell: (p) => (
        <span>
          <span
            className={`dot dot-${p.phase === 'Running' && p.ready ? 'healthy' : p.phase === 'Pending' ? 'degraded' : 'failure'}`}
            aria-hidden="true"
          />
          {p.phase}
        </span>
      ),
    },
    { header: 'Ready', width: '8%', cell: readyText, numeric: true },
    {
      header: 'Restarts',
      width: '8%',
      cell: restarts,
      numeric: true,
      className: (p) => (restarts(p) > 0 ? 'error-text' : undefined),
    },
    {
      header: 'Istio proxy',
      width: '12%',
      cell: (p) => p.proxyVersion ?? <span className="muted">none</span>,
    },
    {
      header: 'Age',
      width: '7%',
      cell: (p) => (p.createdSec === undefined ? '—' : formatAge(nowSec - p.createdSec)),
      numeric: true,
    },
    {
      header: <span className="sr-only">Logs</span>,
      cell: (p) => (
        <Link
          href={entityPath('workload', namespace, p.workload ?? '', {
            ...at,
            tab: 'logs',
            pod: p.name,
          })}
          aria-label={`Logs of ${p.name}`}
        >
          Logs
        </Link>
      ),
    },
  ];
}

function workloadColumns(
  namespace: string,
  at: Record<string, string>,
): readonly [MetricsColumn<EntityWorkload>, ...MetricsColumn<EntityWorkload>[]] {
  return [
    {
      header: 'Workload',
      cell: (w) => <Link href={entityPath('workload', namespace, w.name, at)}>{w.name}</Link>,
    },
    { header: 'Version', cell: (w) => w.version ?? '—' },
    {
      header: 'Replicas',
      cell: (w) => `${w.availableReplicas}/${w.desiredReplicas}`,
      numeric: true,
      className: (w) => (w.availableReplicas < w.desiredReplicas ? 'error-text' : undefined),
    },
    { header: 'Dataplane', cell: (w) => DATAPLANE_TEXT[w.dataplane] },
  ];
}

function serviceColumns(
  namespace: string,
  at: Record<string, string>,
): readonly [MetricsColumn<EntityService>, ...MetricsColumn<EntityService>[]] {
  return [
    {
      header: 'Service',
      cell: (s) => <Link href={entityPath('service', namespace, s.name, at)}>{s.name}</Link>,
    },
    {
      header: 'Ports',
      cell: (s) =>
        s.ports
          .map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'}`)
          .join(', '),
    },
    { header: 'Selector', cell: (s) => <Labels labels={s.selector} /> },
  ];
}

/**
 * What an app, workload or service is: its facts and labels, its workloads and pods (phase,
 * readiness, restarts, sidecar version), the Services in front of it, and the Istio objects
 * that apply to it with their checks.
 */
export function EntityOverview({
  details,
  view,
  nowSec,
  cluster,
}: {
  details: EntityDetails;
  view: GraphViewState;
  /** When the details were read, unix seconds: what pods' ages count to. */
  nowSec: number;
  /** In a mesh of several clusters, the one it was read from; its links stay there. */
  cluster?: string;
}): ReactNode {
  const { kind, namespace, name } = details;
  // Links to other pages stay in its cluster.
  const at: Record<string, string> = cluster ? { cluster } : {};
  const workload = kind === 'workload' ? details.workloads[0] : undefined;
  const service = kind === 'service' ? details.services[0] : undefined;
  const errors = details.config.filter((c) => c.checks.some((x) => x.severity === 'error'));
  return (
    <div className={styles.overview}>
      <section className="card" aria-label="Facts">
        <dl className={styles.facts}>
          {workload && (
            <>
              <div>
                <dt>App</dt>
                <dd>
                  {workload.app ? (
                    <Link href={entityPath('app', namespace, workload.app, at)}>
                      {workload.app}
                    </Link>
                  ) : (
                    '—'
                  )}
                </dd>
              </div>
              <div>
                <dt>Version</dt>
                <dd>{workload.version ?? '—'}</dd>
              </div>
              <div>
                <dt>Replicas</dt>
                <dd>
                  {workload.availableReplicas} of {workload.desiredReplicas} available
                </dd>
              </div>
              <div>
                <dt>Dataplane</dt>
                <dd>{DATAPLANE_TEXT[workload.dataplane]}</dd>
              </div>
            </>
          )}
          {service && (
            <div>
              <dt>Ports</dt>
              <dd>
                {service.ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') || '—'}
              </dd>
            </div>
          )}
          {kind === 'app' && (
            <div>
              <dt>Versions</dt>
              <dd>{details.workloads.map((w) => w.version ?? w.name).join(', ')}</dd>
            </div>
          )}
          <div>
            <dt>Istio config</dt>
            <dd className={errors.length ? 'error-text' : undefined}>
              {details.config.length} {details.config.length === 1 ? 'object' : 'objects'}
              {errors.length ? `, ${errors.length} with errors` : ''}
            </dd>
          </div>
        </dl>
        {kind !== 'app' && (
          <div className={styles.labelsRow}>
            <span className="muted">{kind === 'service' ? 'Labels' : 'Pod labels'}</span>
            <Labels labels={workload ? workload.labels : details.labels} />
          </div>
        )}
        {service && (
          <div className={styles.labelsRow}>
            <span className="muted">Selector</span>
            <Labels labels={service.selector} />
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="neighbours-heading">
        <h2 id="neighbours-heading" className={styles.cardTitle}>
          Neighbours{' '}
          <Link
            href={entityGraphHref(kind, namespace, name, view, true)}
            className={styles.cardLink}
          >
            on the graph
          </Link>
        </h2>
        <NeighbourDiagram
          kind={kind}
          namespace={namespace}
          name={name}
          view={view}
          cluster={cluster}
        />
      </section>

      {kind !== 'workload' && (
        <MetricsTable
          caption="Workloads"
          columns={workloadColumns(namespace, at)}
          rows={details.workloads}
          rowKey={(w) => w.name}
          compact={false}
        />
      )}

      {details.pods.length > 0 ? (
        <MetricsTable
          caption="Pods"
          columns={podColumns(namespace, at, kind !== 'workload', nowSec)}
          rows={details.pods}
          rowKey={(p) => p.name}
          compact={false}
        />
      ) : (
        <p className="muted">No pods are running.</p>
      )}

      {kind !== 'service' &&
        (details.services.length > 0 ? (
          <MetricsTable
            caption="Services"
            columns={serviceColumns(namespace, at)}
            rows={details.services}
            rowKey={(s) => s.name}
            compact={false}
          />
        ) : (
          <p className="muted">
            No Service selects its pods: nothing in the mesh can call it by name.
          </p>
        ))}

      {details.config.length > 0 ? (
        <MetricsTable<ConfigItem>
          caption="Istio config"
          columns={CONFIG_COLUMNS}
          rows={details.config}
          rowKey={(c) => `${c.kind}/${c.namespace}/${c.name}`}
          compact={false}
        />
      ) : (
        <p className="muted">
          No Istio config applies to it: the mesh-wide defaults route and secure it.
        </p>
      )}
    </div>
  );
}
