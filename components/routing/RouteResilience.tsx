'use client';

import type { ReactNode } from 'react';
import type { HttpRoute } from '@/lib/contracts/routing-model';
import { choiceOf, choiceOptions, targetOf, type DestinationChoices } from '@/lib/routing/edit';
import { NumberField, PercentField } from '../ui/NumberField';
import styles from './RouteResilience.module.css';

/**
 * A route's resilience and testing settings, folded away until one is set: injected delays
 * and aborts, the timeout, retries and mirroring. An HTTPRoute (Gateway API) has the timeout
 * and mirroring only: no fault injection, and retries only in the experimental channel.
 */
export function RouteResilience({
  route,
  choices,
  disabled,
  onChange,
}: {
  route: HttpRoute;
  /** What a mirror may name: a subset of the service, or a Service. */
  choices: DestinationChoices;
  disabled: boolean;
  onChange: (route: HttpRoute) => void;
}): ReactNode {
  const istio = choices.kind === 'subset';
  const fault = route.fault ?? {};
  const setFault = (next: NonNullable<HttpRoute['fault']>) =>
    onChange({ ...route, fault: next.delay || next.abort ? next : undefined });
  return (
    <details
      className={styles.resilience}
      open={Boolean(route.fault || route.timeoutMs || route.retries || route.mirror)}
    >
      <summary>{istio ? 'Faults, timeout, retries, mirroring' : 'Timeout, mirroring'}</summary>
      {!istio && (
        <p className="muted">
          The Gateway API has no fault injection, and its retries are experimental: route with a
          VirtualService for those.
        </p>
      )}
      <fieldset disabled={disabled} className="field-grid">
        {istio && (
          <>
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
          </>
        )}
        <NumberField
          label="Timeout"
          unit="ms"
          value={route.timeoutMs}
          min={1}
          onChange={(v) => onChange({ ...route, timeoutMs: v || undefined })}
        />
        {istio && (
          <>
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
                onChange({
                  ...route,
                  retries: { ...route.retries, perTryTimeoutMs: v || undefined },
                })
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
          </>
        )}
        <label className="field">
          <span>Mirror to</span>
          <select
            value={route.mirror ? choiceOf(choices, route.mirror) : '-'}
            onChange={(event) =>
              onChange({
                ...route,
                mirror:
                  event.target.value === '-'
                    ? undefined
                    : {
                        ...targetOf(choices, event.target.value),
                        percent: route.mirror?.percent ?? 100,
                      },
              })
            }
          >
            <option value="-">no mirroring</option>
            {choiceOptions(choices).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
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
  );
}
