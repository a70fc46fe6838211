'use client';

import type { ReactNode } from 'react';
import type { RoutingSpec } from '@/lib/contracts/routing-model';
import { moveAt, removeAt, replaceAt, updateAt } from '@/lib/list-edit';
import {
  addDefaultRoute,
  addHiddenRelease,
  nthTarget,
  type DestinationChoices,
} from '@/lib/routing/edit';
import { HttpRouteEditor } from './HttpRouteEditor';
import { WeightEditor } from './WeightEditor';
import styles from './RoutesSection.module.css';

/**
 * The routes of the VirtualService or HTTPRoute, HTTP then TCP, each edited in place, and
 * routes to add.
 */
export function RoutesSection({
  spec,
  routeKind,
  choices,
  readOnly,
  removable,
  onEdit,
}: {
  spec: RoutingSpec;
  routeKind: 'VirtualService' | 'HTTPRoute';
  /** Where a destination may go: subsets of the service, or Services (HTTPRoute). */
  choices: DestinationChoices;
  readOnly: boolean;
  /** Whether there is routing stored to remove. */
  removable: boolean;
  onEdit: (next: RoutingSpec) => void;
}): ReactNode {
  return (
    <div>
      <h2 className="section-title">
        HTTP routes ({routeKind === 'HTTPRoute' ? 'HTTPRoute, Gateway API' : 'VirtualService'})
      </h2>
      {spec.http.map((route, i) => (
        <HttpRouteEditor
          key={i}
          route={route}
          index={i}
          count={spec.http.length}
          choices={choices}
          disabled={readOnly}
          onChange={(next) => onEdit({ ...spec, http: replaceAt(spec.http, i, next) })}
          onMove={(delta) => onEdit({ ...spec, http: moveAt(spec.http, i, delta) })}
          onRemove={() => onEdit({ ...spec, http: removeAt(spec.http, i) })}
        />
      ))}
      {spec.http.length === 0 && <p className="muted">No HTTP routes.</p>}
      {spec.tcp.map((route, i) => (
        <section key={`tcp-${i}`} className="card route-card" aria-label={`TCP route ${i + 1}`}>
          <h3>TCP route {i + 1}</h3>
          <WeightEditor
            destinations={route.destinations}
            choices={choices}
            disabled={readOnly}
            onChange={(destinations) =>
              onEdit({ ...spec, tcp: updateAt(spec.tcp, i, (r) => ({ ...r, destinations })) })
            }
          />
        </section>
      ))}
      {!readOnly && (
        <div className="button-row">
          <button
            type="button"
            onClick={() =>
              onEdit(
                addHiddenRelease(
                  spec,
                  { name: 'end-user', type: 'exact', value: 'jason' },
                  nthTarget(choices, Infinity),
                ),
              )
            }
          >
            Add hidden release (header match)
          </button>
          <button
            type="button"
            onClick={() => onEdit(addDefaultRoute(spec, nthTarget(choices, 0)))}
          >
            Add default route
          </button>
          {removable && (
            <button
              type="button"
              className={styles.danger}
              onClick={() => onEdit({ http: [], tcp: [], subsets: [] })}
            >
              Remove all routing
            </button>
          )}
        </div>
      )}
    </div>
  );
}
