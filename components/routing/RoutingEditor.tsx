'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';
import { useRouting } from '@/lib/client/hooks';
import { useRoutingWrite, type RoutingWriteOutcome } from '@/lib/client/mutations';
import { destinationChoices, initialHttpRoute, initialRouting } from '@/lib/routing/edit';
import { gatewayApiProblems } from '@/lib/routing/gateway-api';
import {
  routingSpecSchema,
  type RoutingSpec,
  type RoutingWrite,
} from '@/lib/contracts/routing-model';
import type { RouteKind } from '@/lib/routing/plan';
import { validateRouting } from '@/lib/routing/validate';
import { clusterSuffix } from '@/lib/graph/endpoints';
import { graphPath, whatIfHref } from '@/lib/graph-view/links';
import { CanaryComparison } from './CanaryComparison';
import { RoutingActionBar } from './RoutingActionBar';
import { RoutingConflictPanel, RoutingPreviewPanel, ValidationList } from './RoutingOutcome';
import { BackendPolicies } from './BackendPolicies';
import { GatewayRoutes } from './GatewayRoutes';
import { ConfigChecks } from '../istio/ConfigChecks';
import { RoutesSection } from './RoutesSection';
import { TrafficPolicyEditor } from './TrafficPolicyEditor';
import styles from './RoutingEditor.module.css';

/** What the last preview or apply came to, as the editor says it. */
type Outcome =
  | Exclude<RoutingWriteOutcome, { kind: 'applied' }>
  | { kind: 'error'; message: string }
  | { kind: 'applied'; message: string };

const EMPTY: RoutingSpec = { http: [], tcp: [], subsets: [] };

/**
 * The routing editor of one service. Edits stay in a draft until applied; every apply carries
 * the resourceVersions the draft was based on, so a change made meanwhile is shown as a
 * conflict instead of being overwritten.
 */
export function RoutingEditor({
  namespace,
  service,
}: {
  namespace: string;
  service: string;
}): ReactNode {
  const search = useSearchParams();
  // A route from a gateway to this service, when that is what is edited (`?httpRoute=`).
  const httpRoute = search.get('httpRoute') ?? undefined;
  // In a mesh of several clusters, the cluster whose Kubernetes API is read and written.
  const cluster = search.get('cluster') ?? undefined;
  const target = { namespace, service, httpRoute, cluster };
  const routing = useRouting(target);
  const routingWrite = useRoutingWrite(target);
  const [draft, setDraft] = useState<RoutingSpec>();
  // What the draft's routes are written to, when it is not what holds them now (a new HTTPRoute).
  const [chosenKind, setChosenKind] = useState<RouteKind>();
  const [outcome, setOutcome] = useState<Outcome>();
  const data = routing.data;
  const routeKind: RouteKind = chosenKind ?? data?.routeKind ?? 'VirtualService';
  // Nothing to edit when the server is view-only or RBAC does not allow routing writes.
  const readOnly = data ? data.viewOnly || !data.canEdit : true;
  const spec = draft ?? data?.spec ?? EMPTY;
  const dirty =
    draft !== undefined &&
    data !== undefined &&
    JSON.stringify(draft) !== JSON.stringify(data.spec);

  const problems = useMemo(() => {
    if (!data) return [];
    const parsed = routingSpecSchema.safeParse(spec);
    const schema = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          severity: 'error' as const,
          path: i.path.join('.'),
          message: i.message,
        }));
    return [
      ...schema,
      ...validateRouting(spec, {
        namespace,
        service,
        services: data.services,
        workloadLabels: data.workloads.map((w) => w.labels),
        virtualServices: data.virtualServices.map((v) => v.name),
      }),
      ...(routeKind === 'HTTPRoute' ? gatewayApiProblems(spec) : []),
    ];
  }, [data, spec, namespace, service, routeKind]);
  const blocking = problems.some((p) => p.severity === 'error');

  if (routing.error) {
    return (
      <div className={styles.routingPage}>
        <p
          className="banner banner-error"
          role="alert"
          data-backend={routing.error instanceof ApiClientError ? routing.error.backend : undefined}
        >
          {routing.error.message}
        </p>
        <Link href="/graph">Back to the graph</Link>
      </div>
    );
  }
  if (!data) return <p className="muted graph-message">Loading the routing of {service}…</p>;

  const edit = (next: RoutingSpec) => {
    setDraft(next);
    setOutcome(undefined);
  };
  const write = (): RoutingWrite => ({ base: data.editing, routeKind, spec });
  const choices = destinationChoices(
    routeKind,
    service,
    spec.subsets.map((s) => s.name),
    data.services,
  );
  const noRouting =
    data.virtualServices.length === 0 &&
    data.destinationRules.length === 0 &&
    data.httpRoutes.length === 0 &&
    !data.editingRoute;
  const firstHttpRoute = initialHttpRoute(service, data.workloads, data.services);
  const discard = () => {
    setDraft(undefined);
    setChosenKind(undefined);
    setOutcome(undefined);
  };

  const run = (method: 'preview' | 'apply') =>
    routingWrite.mutate(
      { method, write: write() },
      {
        onSuccess: (result) => {
          if (result.kind !== 'applied') return setOutcome(result);
          const { applied } = result.applied;
          setDraft(undefined);
          setChosenKind(undefined);
          setOutcome({
            kind: 'applied',
            message: applied.length
              ? `Applied: ${applied.map((a) => `${a.action}d ${a.kind} ${a.name} (resourceVersion ${a.resourceVersion || '–'})`).join(', ')}.`
              : 'Nothing to change.',
          });
        },
        onError: (error) => setOutcome({ kind: 'error', message: error.message }),
      },
    );

  /** After a conflict: load what is stored now and keep the draft, to apply it on top. */
  const rebase = async () => {
    const kept = spec;
    await routing.refetch();
    setDraft(kept);
    setOutcome(undefined);
  };

  return (
    <div className={styles.routingPage}>
      <header className={styles.routingHeader}>
        <div>
          <h1 className="page-title">
            Routing · {service} <span className="muted">({namespace})</span>
          </h1>
          <p className="muted">
            {data.virtualServices.length
              ? `VirtualService ${data.virtualServices.map((v) => `${v.name} (resourceVersion ${v.resourceVersion})`).join(', ')}`
              : 'No VirtualService'}
            {' · '}
            {data.destinationRules.length
              ? `DestinationRule ${data.destinationRules.map((d) => `${d.name} (resourceVersion ${d.resourceVersion})`).join(', ')}`
              : 'no DestinationRule'}
            {data.httpRoutes.length
              ? ` · HTTPRoute ${data.httpRoutes.map((r) => `${r.name} (resourceVersion ${r.resourceVersion})`).join(', ')}`
              : ''}
            {data.istioVersion ? ` · networking.istio.io/${data.istioVersion}` : ''}
            {data.gatewayApiVersion ? ` · gateway.networking.k8s.io/${data.gatewayApiVersion}` : ''}
            {` · workloads ${data.workloads.map((w) => `${w.name}${w.labels.version ? ` (${w.labels.version})` : ''}`).join(', ') || 'none'}`}
          </p>
          <p className="muted" data-testid="routing-cluster">
            {data.cluster.name ? (
              <>
                Reads and writes cluster <strong>{data.cluster.name}</strong>:{' '}
              </>
            ) : (
              'Reads and writes '
            )}
            Kubernetes API {data.cluster.server}
            {data.cluster.context ? ` (context ${data.cluster.context})` : ''}
          </p>
        </div>
        <Link
          href={graphPath({
            namespaces: [namespace],
            selected: `service/${namespace}/${service}${clusterSuffix(cluster)}`,
          })}
        >
          Show on graph
        </Link>
      </header>
      <GatewayRoutes data={data} namespace={namespace} service={service} editing={httpRoute} />
      {data.configChecks.length > 0 && (
        <section className="card" aria-label="Istio config checks">
          <h3>Istio config checks</h3>
          {data.configChecks.map((item) => (
            <div key={`${item.kind}/${item.namespace}/${item.name}`}>
              {item.kind} {item.namespace}/{item.name}
              <ConfigChecks item={item} />
            </div>
          ))}
        </section>
      )}
      {data.viewOnly ? (
        <p className="banner banner-warning" role="status">
          View-only: this Meshlens does not change routing (VIEW_ONLY). Set VIEW_ONLY=false on the
          server to edit.
        </p>
      ) : (
        !data.canEdit && (
          <p className="banner banner-warning" role="status">
            Read-only: the Kubernetes credentials in use may not create, update and delete
            VirtualServices, DestinationRules and HTTPRoutes in {namespace} (RBAC).
          </p>
        )
      )}

      {noRouting && !draft ? (
        <div className="card empty">
          <strong>{service} has no routing.</strong>
          <p className="muted">
            Without a VirtualService its Service balances requests over all {data.workloads.length}{' '}
            workloads. Create routing to split traffic between versions: a DestinationRule with one
            subset per version label and a VirtualService whose weights keep today’s balancing (each
            version’s share of the ready pods) until you move them.
          </p>
          {!readOnly && (
            <div className="button-row">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setChosenKind('VirtualService');
                  edit(initialRouting(service, data.workloads));
                }}
              >
                Create routing
              </button>
              {data.gatewayApiVersion && (
                <button
                  type="button"
                  disabled={!firstHttpRoute}
                  onClick={() => {
                    if (!firstHttpRoute) return;
                    setChosenKind('HTTPRoute');
                    edit(firstHttpRoute);
                  }}
                >
                  Create an HTTPRoute (Gateway API)
                </button>
              )}
            </div>
          )}
          {!readOnly && data.gatewayApiVersion && !firstHttpRoute && (
            <p className="muted">
              An HTTPRoute routes to Services, not subsets: add one Service per version first (for
              example {service}-v1 selecting version v1), as Istio’s Gateway API recipes do.
            </p>
          )}
        </div>
      ) : (
        <div className={styles.routingColumns}>
          <RoutesSection
            spec={spec}
            routeKind={routeKind}
            choices={choices}
            readOnly={readOnly}
            removable={!noRouting && !httpRoute}
            onEdit={edit}
          />
          <div>
            {routeKind === 'VirtualService' && (
              <CanaryComparison
                namespace={namespace}
                service={service}
                cluster={data.cluster.name}
                spec={spec}
                edited={dirty}
              />
            )}
            {routeKind === 'VirtualService' ? (
              <TrafficPolicyEditor
                spec={spec}
                mtls={data.mtls}
                disabled={readOnly}
                onChange={edit}
              />
            ) : (
              <BackendPolicies
                namespace={namespace}
                spec={spec}
                service={service}
                cluster={data.cluster.name}
              />
            )}
          </div>
        </div>
      )}

      <ValidationList problems={problems} />

      {outcome?.kind === 'error' && (
        <p className="banner banner-error" role="alert">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'applied' && (
        <p className={`banner ${styles.bannerOk}`} role="status">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'conflict' && (
        <RoutingConflictPanel
          conflict={outcome.conflict}
          onRebase={() => void rebase()}
          onDiscard={() => {
            discard();
            void routing.refetch();
          }}
        />
      )}
      {outcome?.kind === 'preview' && <RoutingPreviewPanel preview={outcome.preview} />}

      {!readOnly && (
        <RoutingActionBar
          dirty={dirty}
          busy={routingWrite.isPending}
          blocking={blocking}
          previewOk={outcome?.kind === 'preview' ? outcome.preview.dryRun.ok : undefined}
          whatIf={
            dirty && routeKind === 'VirtualService'
              ? whatIfHref(namespace, service, spec)
              : undefined
          }
          cluster={data.cluster.name}
          onPreview={() => run('preview')}
          onApply={() => run('apply')}
          onDiscard={discard}
        />
      )}
    </div>
  );
}
