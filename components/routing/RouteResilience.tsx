'use client';

import type { ReactNode } from 'react';
import type { HttpRoute } from '@/lib/contracts/routing-model';
import { NumberField, PercentField } from '../ui/NumberField';
import styles from './RouteResilience.module.css';

/**
 * A route's resilience and testing settings, folded away until one is set: injected delays
 * and aborts, the timeout, retries and mirroring.
 */
export function RouteResilience({
  route,
  subsets,
  service,
  disabled,
  onChange,
}: {
  route: HttpRoute;
  /** The subsets a mirror may name. */
  subsets: string[];
  service: string;
  disabled: boolean;
  onChange: (route: HttpRoute) => void;
}): ReactNode {
  const fault = route.fault ?? {};
  const setFault = (next: NonNullable<HttpRoute['fault']>) =>
    onChange({ ...route, fault: next.delay || next.abort ? next : undefined });
  return (
    <details
      className={styles.resilience}
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
  );
}
