'use client';

import type { ReactNode } from 'react';
import { routeLabel } from '@/lib/routing/edit';
import type { HttpRoute } from '@/lib/contracts/routing-model';
import { removeAt, updateAt } from '@/lib/list-edit';
import { NumberField, PercentField } from '../ui/NumberField';
import { WeightEditor } from './WeightEditor';

export interface HttpRouteEditorProps {
  route: HttpRoute;
  index: number;
  count: number;
  subsets: string[];
  service: string;
  disabled: boolean;
  onChange: (route: HttpRoute) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

const MATCH_TYPES = ['exact', 'prefix', 'regex'] as const;

/** One HTTP route: its match, destinations and weights, faults, timeout, retries, mirror. */
export function HttpRouteEditor({
  route,
  index,
  count,
  subsets,
  service,
  disabled,
  onChange,
  onMove,
  onRemove,
}: HttpRouteEditorProps): ReactNode {
  const headers = route.match[0]?.headers ?? [];
  const setHeaders = (next: HttpRoute['match'][number]['headers']) =>
    onChange({
      ...route,
      match: next.length
        ? [{ ...(route.match[0] ?? {}), headers: next }, ...route.match.slice(1)]
        : route.match.slice(1),
    });
  const fault = route.fault ?? {};
  const setFault = (next: NonNullable<HttpRoute['fault']>) =>
    onChange({ ...route, fault: next.delay || next.abort ? next : undefined });

  return (
    <section className="card route-card" aria-label={`Route ${index + 1}: ${routeLabel(route)}`}>
      <header className="route-head">
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
          <div key={i} className="header-match">
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
              {MATCH_TYPES.map((t) => (
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
        subsets={subsets}
        service={service}
        disabled={disabled}
        onChange={(destinations) => onChange({ ...route, destinations })}
      />

      <details
        className="resilience"
        open={Boolean(route.fault || route.timeoutMs || route.retries || route.mirror)}
      >
        <summary>Faults, timeout, retries, mirroring</summary>
        <fieldset disabled={disabled} className="field-grid">
          <NumberField
            label="Delay"
            unit="ms"
            value={fault.delay?.fixedDelayMs}
            min={1}
            onChange={(v) =>
              setFault({
                ...fault,
                delay: v ? { fixedDelayMs: v, percent: fault.delay?.percent ?? 100 } : undefined,
              })
            }
          />
          <PercentField
            label="Delayed share"
            value={fault.delay?.percent}
            disabled={!fault.delay}
            onChange={(v) =>
              fault.delay && setFault({ ...fault, delay: { ...fault.delay, percent: v ?? 0 } })
            }
          />
          <NumberField
            label="Abort with HTTP"
            value={fault.abort?.httpStatus}
            min={200}
            max={599}
            onChange={(v) =>
              setFault({
                ...fault,
                abort: v ? { httpStatus: v, percent: fault.abort?.percent ?? 100 } : undefined,
              })
            }
          />
          <PercentField
            label="Aborted share"
            value={fault.abort?.percent}
            disabled={!fault.abort}
            onChange={(v) =>
              fault.abort && setFault({ ...fault, abort: { ...fault.abort, percent: v ?? 0 } })
            }
          />
          <NumberField
            label="Timeout"
            unit="ms"
            value={route.timeoutMs}
            min={1}
            onChange={(v) => onChange({ ...route, timeoutMs: v || undefined })}
          />
          <NumberField
            label="Retry attempts"
            value={route.retries?.attempts}
            min={0}
            max={100}
            onChange={(v) =>
              onChange({
                ...route,
                retries: v === undefined ? undefined : { ...route.retries, attempts: v },
              })
            }
          />
          <NumberField
            label="Per-try timeout"
            unit="ms"
            value={route.retries?.perTryTimeoutMs}
            min={1}
            disabled={!route.retries}
            onChange={(v) =>
              route.retries &&
              onChange({ ...route, retries: { ...route.retries, perTryTimeoutMs: v || undefined } })
            }
          />
          <label className="field">
            <span>Retry on</span>
            <input
              value={route.retries?.retryOn ?? ''}
              placeholder="5xx,reset,connect-failure"
              disabled={!route.retries}
              onChange={(event) =>
                route.retries &&
                onChange({
                  ...route,
                  retries: { ...route.retries, retryOn: event.target.value || undefined },
                })
              }
            />
          </label>
          <label className="field">
            <span>Mirror to</span>
            <select
              value={route.mirror ? (route.mirror.subset ?? '') : '-'}
              onChange={(event) =>
                onChange({
                  ...route,
                  mirror:
                    event.target.value === '-'
                      ? undefined
                      : {
                          host: service,
                          ...(event.target.value ? { subset: event.target.value } : {}),
                          percent: route.mirror?.percent ?? 100,
                        },
                })
              }
            >
              <option value="-">no mirroring</option>
              <option value="">{service} (any)</option>
              {subsets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <PercentField
            label="Mirrored share"
            value={route.mirror?.percent}
            disabled={!route.mirror}
            onChange={(v) =>
              route.mirror && onChange({ ...route, mirror: { ...route.mirror, percent: v ?? 0 } })
            }
          />
        </fieldset>
      </details>
    </section>
  );
}
