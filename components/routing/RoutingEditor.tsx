'use client';

import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';
import { useRouting } from '@/lib/client/hooks';
import { useRoutingWrite, type RoutingWriteOutcome } from '@/lib/client/mutations';
import { addHiddenRelease, initialRouting } from '@/lib/routing/edit';
import {
  routingSpecSchema,
  type RoutingSpec,
  type RoutingWrite,
} from '@/lib/contracts/routing-model';
import { validateRouting } from '@/lib/routing/validate';
import { graphPath, whatIfHref } from '@/lib/graph-view/links';
import { moveAt, removeAt, replaceAt, updateAt } from '@/lib/list-edit';
import { CanaryComparison } from './CanaryComparison';
import { RoutingConflictPanel, RoutingPreviewPanel } from './RoutingOutcome';
import { HttpRouteEditor } from './HttpRouteEditor';
import { TrafficPolicyEditor } from './TrafficPolicyEditor';
import { WeightEditor } from './WeightEditor';

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
  const routing = useRouting(namespace, service);
  const routingWrite = useRoutingWrite(namespace, service);
  const [draft, setDraft] = useState<RoutingSpec>();
  const [outcome, setOutcome] = useState<Outcome>();
  const data = routing.data;
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
    ];
  }, [data, spec, namespace, service]);
  const blocking = problems.some((p) => p.severity === 'error');

  if (routing.error) {
    return (
      <div className="routing-page">
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
  const write = (): RoutingWrite => ({ base: data.editing, spec });
  const subsets = spec.subsets.map((s) => s.name);
  const noRouting = data.virtualServices.length === 0 && data.destinationRules.length === 0;

  const run = (method: 'preview' | 'apply') =>
    routingWrite.mutate(
      { method, write: write() },
      {
        onSuccess: (result) => {
          if (result.kind !== 'applied') return setOutcome(result);
          const { applied } = result.applied;
          setDraft(undefined);
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
    <div className="routing-page">
      <header className="routing-header">
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
            {data.istioVersion ? ` · networking.istio.io/${data.istioVersion}` : ''}
            {` · workloads ${data.workloads.map((w) => `${w.name}${w.labels.version ? ` (${w.labels.version})` : ''}`).join(', ') || 'none'}`}
          </p>
        </div>
        <Link
          href={graphPath({ namespaces: [namespace], selected: `service/${namespace}/${service}` })}
        >
          Show on graph
        </Link>
      </header>
      {data.viewOnly ? (
        <p className="banner banner-warning" role="status">
          View-only: this Meshlens does not change routing (VIEW_ONLY). Set VIEW_ONLY=false on the
          server to edit.
        </p>
      ) : (
        !data.canEdit && (
          <p className="banner banner-warning" role="status">
            Read-only: the Kubernetes credentials in use may not create, update and delete
            VirtualServices and DestinationRules in {namespace} (RBAC).
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
            <button
              type="button"
              className="primary"
              onClick={() => edit(initialRouting(service, data.workloads))}
            >
              Create routing
            </button>
          )}
        </div>
      ) : (
        <div className="routing-columns">
          <div>
            <h2 className="section-title">HTTP routes (VirtualService)</h2>
            {spec.http.map((route, i) => (
              <HttpRouteEditor
                key={i}
                route={route}
                index={i}
                count={spec.http.length}
                subsets={subsets}
                service={service}
                disabled={readOnly}
                onChange={(next) => edit({ ...spec, http: replaceAt(spec.http, i, next) })}
                onMove={(delta) => edit({ ...spec, http: moveAt(spec.http, i, delta) })}
                onRemove={() => edit({ ...spec, http: removeAt(spec.http, i) })}
              />
            ))}
            {spec.http.length === 0 && <p className="muted">No HTTP routes.</p>}
            {spec.tcp.map((route, i) => (
              <section
                key={`tcp-${i}`}
                className="card route-card"
                aria-label={`TCP route ${i + 1}`}
              >
                <h3>TCP route {i + 1}</h3>
                <WeightEditor
                  destinations={route.destinations}
                  subsets={subsets}
                  service={service}
                  disabled={readOnly}
                  onChange={(destinations) =>
                    edit({
                      ...spec,
                      tcp: updateAt(spec.tcp, i, (r) => ({ ...r, destinations })),
                    })
                  }
                />
              </section>
            ))}
            {!readOnly && (
              <div className="button-row">
                <button
                  type="button"
                  onClick={() =>
                    edit(
                      addHiddenRelease(
                        spec,
                        service,
                        { name: 'end-user', type: 'exact', value: 'jason' },
                        subsets[subsets.length - 1],
                      ),
                    )
                  }
                >
                  Add hidden release (header match)
                </button>
                <button
                  type="button"
                  onClick={() =>
                    edit({
                      ...spec,
                      http: [
                        ...spec.http,
                        {
                          match: [],
                          destinations: [
                            {
                              host: service,
                              ...(subsets[0] ? { subset: subsets[0] } : {}),
                              weight: 100,
                            },
                          ],
                        },
                      ],
                    })
                  }
                >
                  Add default route
                </button>
                {!noRouting && (
                  <button type="button" className="danger" onClick={() => edit(EMPTY)}>
                    Remove all routing
                  </button>
                )}
              </div>
            )}
          </div>
          <div>
            <CanaryComparison namespace={namespace} service={service} spec={spec} edited={dirty} />
            <TrafficPolicyEditor spec={spec} mtls={data.mtls} disabled={readOnly} onChange={edit} />
          </div>
        </div>
      )}

      {problems.length > 0 && (
        <ul className="validations" aria-label="Validation">
          {problems.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'error-text' : 'warn-text'}>
              {p.severity === 'error' ? 'Error' : 'Warning'} · {p.path}: {p.message}
            </li>
          ))}
        </ul>
      )}

      {outcome?.kind === 'error' && (
        <p className="banner banner-error" role="alert">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'applied' && (
        <p className="banner banner-ok" role="status">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'conflict' && (
        <RoutingConflictPanel
          conflict={outcome.conflict}
          onRebase={() => void rebase()}
          onDiscard={() => {
            setDraft(undefined);
            setOutcome(undefined);
            void routing.refetch();
          }}
        />
      )}
      {outcome?.kind === 'preview' && <RoutingPreviewPanel preview={outcome.preview} />}

      {!readOnly && (
        <div className="action-bar">
          <span className="muted">{dirty ? 'Unsaved changes' : 'No changes'}</span>
          {dirty && whatIfHref(namespace, service, spec) && (
            <Link href={whatIfHref(namespace, service, spec) as string}>What-if on the graph</Link>
          )}
          <button
            type="button"
            disabled={!dirty || routingWrite.isPending || blocking}
            onClick={() => run('preview')}
          >
            Preview
          </button>
          <button
            type="button"
            className="primary"
            disabled={
              !dirty ||
              routingWrite.isPending ||
              blocking ||
              outcome?.kind !== 'preview' ||
              !outcome.preview.dryRun.ok
            }
            title={outcome?.kind !== 'preview' ? 'Preview first' : undefined}
            onClick={() => run('apply')}
          >
            Apply
          </button>
          <button
            type="button"
            disabled={!dirty || routingWrite.isPending}
            onClick={() => {
              setDraft(undefined);
              setOutcome(undefined);
            }}
          >
            Discard
          </button>
        </div>
      )}
    </div>
  );
}
