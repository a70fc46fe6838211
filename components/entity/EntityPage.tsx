'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useEntity } from '@/lib/client/hooks';
import { useUrlParams } from '@/lib/client/url-params';
import type { EntityKind } from '@/lib/contracts/entities';
import {
  KIND_TEXT,
  TAB_TEXT,
  entityGraphHref,
  entityPath,
  tabOf,
  tabsOf,
} from '@/lib/entity-view/entity-links';
import { entityView } from '@/lib/entity-view/entity-view';
import { DURATIONS } from '@/lib/graph-view/view-state';
import { utcMinute } from '@/lib/format';
import { RoutingEditor } from '../routing/RoutingEditor';
import { QueryNotices } from '../ui/QueryNotices';
import { EntityDashboard } from './EntityDashboard';
import { EntityOverview } from './EntityOverview';
import { EntityTraces } from './EntityTraces';
import { EntityTraffic } from './EntityTraffic';
import { PodLogs } from './PodLogs';
import styles from './EntityPage.module.css';

const LIST_OF: Record<EntityKind, { href: string; text: string }> = {
  app: { href: '/apps', text: 'Apps' },
  workload: { href: '/workloads', text: 'Workloads' },
  service: { href: '/services', text: 'Services' },
};

/**
 * The page of an app, workload or service: a header saying what it is and where, its tabs
 * (the one shown, its window and its moment are all in the URL), and the tab's content.
 */
export function EntityPage({
  kind,
  namespace,
  name,
}: {
  kind: EntityKind;
  namespace: string;
  name: string;
}): ReactNode {
  const [search, update] = useUrlParams();
  const tab = tabOf(kind, search.get('tab'));
  const view = entityView(search);
  // In a mesh of several clusters: the cluster it runs in (its graph node's).
  const cluster = search.get('cluster') || undefined;
  const details = useEntity(kind, namespace, name, cluster);
  const tabHref = (t: string) =>
    entityPath(kind, namespace, name, {
      ...Object.fromEntries(search),
      tab: t === 'overview' ? '' : t,
    });

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={LIST_OF[kind].href}>{LIST_OF[kind].text}</Link>
        <span aria-hidden="true"> / </span>
        <span>{namespace}</span>
      </nav>
      <header className={styles.header}>
        <div>
          <h1 className="page-title">
            <span className={styles.kind}>{KIND_TEXT[kind]}</span> {name}
          </h1>
          <p className="muted">
            {cluster ? `Cluster ${cluster} · ` : ''}Namespace {namespace}
            {details.data && kind !== 'workload' && (
              <>
                {' · '}
                {details.data.workloads.length}{' '}
                {details.data.workloads.length === 1 ? 'workload' : 'workloads'}
              </>
            )}
            {details.data && (
              <>
                {' · '}
                {details.data.pods.length} {details.data.pods.length === 1 ? 'pod' : 'pods'}
              </>
            )}
          </p>
        </div>
        <div className={styles.actions}>
          <label>
            Window{' '}
            <select
              value={view.duration}
              onChange={(event) => update({ duration: event.target.value })}
            >
              {DURATIONS.filter((d) => d !== '15s').map((d) => (
                <option key={d} value={d}>
                  Last {d}
                </option>
              ))}
            </select>
          </label>
          {view.time !== undefined && (
            <span className={styles.replay}>
              At {new Date(view.time * 1000).toISOString().slice(0, 10)} {utcMinute(view.time)} UTC
              ·{' '}
              <button type="button" className="link-button" onClick={() => update({ time: '' })}>
                Back to live
              </button>
            </span>
          )}
          <Link href={entityGraphHref(kind, namespace, name, view, false, cluster)}>
            Show on graph
          </Link>
        </div>
      </header>

      <div role="tablist" aria-label={`${KIND_TEXT[kind]} ${name}`} className={styles.tabs}>
        {tabsOf(kind).map((t) => (
          <Link
            key={t}
            role="tab"
            href={tabHref(t)}
            aria-selected={t === tab}
            aria-controls="entity-tab"
            className={t === tab ? styles.selected : undefined}
            scroll={false}
            replace
          >
            {TAB_TEXT[t]}
          </Link>
        ))}
      </div>

      <section id="entity-tab" role="tabpanel" aria-label={TAB_TEXT[tab]} className={styles.panel}>
        {tab === 'overview' && (
          <>
            <QueryNotices
              isPending={details.isPending}
              error={details.error}
              hasData={details.data !== undefined}
              warnings={details.data?.warnings}
              loading={`Loading ${KIND_TEXT[kind].toLowerCase()} ${name}…`}
            />
            {details.data && (
              <EntityOverview
                details={details.data}
                view={view}
                nowSec={Math.floor(details.dataUpdatedAt / 1000)}
                cluster={cluster}
              />
            )}
          </>
        )}
        {tab === 'traffic' && (
          <EntityTraffic
            kind={kind}
            namespace={namespace}
            name={name}
            view={view}
            cluster={cluster}
          />
        )}
        {(tab === 'inbound' || tab === 'outbound') && (
          <EntityDashboard
            kind={kind}
            namespace={namespace}
            name={name}
            direction={tab}
            view={view}
            cluster={cluster}
          />
        )}
        {tab === 'traces' && (
          <EntityTraces
            kind={kind}
            namespace={namespace}
            name={name}
            details={details.data}
            view={view}
          />
        )}
        {tab === 'logs' && (
          <PodLogs
            namespace={namespace}
            pods={details.data?.pods}
            pending={details.isPending}
            cluster={cluster}
          />
        )}
        {tab === 'routing' && <RoutingEditor namespace={namespace} service={name} />}
      </section>
    </div>
  );
}
