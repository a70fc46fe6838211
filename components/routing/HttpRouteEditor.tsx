'use client';

import type { ReactNode } from 'react';
import { routeLabel, type DestinationChoices } from '@/lib/routing/edit';
import type { HttpRoute } from '@/lib/contracts/routing-model';
import { removeAt, updateAt } from '@/lib/list-edit';
import { RouteResilience } from './RouteResilience';
import { WeightEditor } from './WeightEditor';
import styles from './HttpRouteEditor.module.css';

export interface HttpRouteEditorProps {
  route: HttpRoute;
  index: number;
  count: number;
  /** Where its destinations may go: subsets of the service, or Services (HTTPRoute). */
  choices: DestinationChoices;
  disabled: boolean;
  onChange: (route: HttpRoute) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

const MATCH_TYPES = ['exact', 'prefix', 'regex'] as const;
/** An HTTPRoute matches headers exactly or by regular expression. */
const GATEWAY_API_MATCH_TYPES = ['exact', 'regex'] as const;

/** One HTTP route: its match, destinations and weights, faults, timeout, retries, mirror. */
export function HttpRouteEditor({
  route,
  index,
  count,
  choices,
  disabled,
  onChange,
  onMove,
  onRemove,
}: HttpRouteEditorProps): ReactNode {
  const matchTypes = choices.kind === 'subset' ? MATCH_TYPES : GATEWAY_API_MATCH_TYPES;
  const headers = route.match[0]?.headers ?? [];
  const setHeaders = (next: HttpRoute['match'][number]['headers']) =>
    onChange({
      ...route,
      match: next.length
        ? [{ ...(route.match[0] ?? {}), headers: next }, ...route.match.slice(1)]
        : route.match.slice(1),
    });

  return (
    <section className="card route-card" aria-label={`Route ${index + 1}: ${routeLabel(route)}`}>
      <header className={styles.routeHead}>
        <h3>
          Route {index + 1} <span className="muted">· {routeLabel(route)}</span>
        </h3>
        {!disabled && (
          <div className="button-row">
            <button
              type="button"
              disabled={index === 0}
              onClick={() => onMove(-1)}
              aria-label={`Move route ${index + 1} up`}
            >
              ↑
            </button>
            <button
              type="button"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={`Move route ${index + 1} down`}
            >
              ↓
            </button>
            <button type="button" onClick={onRemove} aria-label={`Remove route ${index + 1}`}>
              Remove
            </button>
          </div>
        )}
      </header>

      <fieldset className="match" disabled={disabled}>
        <legend>Requests it takes</legend>
        {headers.length === 0 && route.match.length <= 1 && !route.match[0]?.uri && (
          <p className="muted">Every request (no match).</p>
        )}
        {route.match[0]?.uri && (
          <p className="muted">
            Path {route.match[0].uri.type} <code>{route.match[0].uri.value}</code> (kept as is)
          </p>
        )}
        {route.match.length > 1 && (
          <p className="muted">
            {route.match.length - 1} more match alternatives, kept as they are.
          </p>
        )}
        {headers.map((h, i) => (
          <div key={i} className={styles.headerMatch}>
            <input
              aria-label="Header name"
              value={h.name}
              onChange={(event) =>
                setHeaders(
                  updateAt(headers, i, (x) => ({ ...x, name: event.target.value.toLowerCase() })),
                )
              }
            />
            <select
              aria-label="Match type"
              value={h.type}
              onChange={(event) =>
                setHeaders(
                  updateAt(headers, i, (x) => ({
                    ...x,
                    type: event.target.value as (typeof MATCH_TYPES)[number],
                  })),
                )
              }
            >
              {[...new Set<string>([...matchTypes, h.type])].map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <input
              aria-label="Header value"
              value={h.value}
              onChange={(event) =>
                setHeaders(updateAt(headers, i, (x) => ({ ...x, value: event.target.value })))
              }
            />
            <button
              type="button"
              onClick={() => setHeaders(removeAt(headers, i))}
              aria-label={`Remove header match ${h.name}`}
            >
              ×
            </button>
          </div>
        ))}
        {!disabled && (
          <button
            type="button"
            onClick={() => setHeaders([...headers, { name: 'end-user', type: 'exact', value: '' }])}
          >
            Add header match
          </button>
        )}
      </fieldset>

      <WeightEditor
        destinations={route.destinations}
        choices={choices}
        disabled={disabled}
        onChange={(destinations) => onChange({ ...route, destinations })}
      />

      <RouteResilience route={route} choices={choices} disabled={disabled} onChange={onChange} />
    </section>
  );
}
