'use client';

import type { ReactNode } from 'react';
import type { TrafficPolicy } from '@/lib/contracts/routing-model';
import { NumberField } from '../ui/NumberField';

type Pool = NonNullable<TrafficPolicy['connectionPool']>;
type Outlier = NonNullable<TrafficPolicy['outlierDetection']>;

const POOL_FIELDS: { key: keyof Pool; label: string; min: number }[] = [
  { key: 'maxConnections', label: 'Max connections', min: 1 },
  { key: 'http1MaxPendingRequests', label: 'Max pending requests', min: 1 },
  { key: 'maxRequestsPerConnection', label: 'Max requests per connection', min: 1 },
];

const OUTLIER_FIELDS: {
  key: keyof Outlier;
  label: string;
  unit?: string;
  min: number;
  max?: number;
}[] = [
  { key: 'consecutive5xxErrors', label: 'Eject after consecutive 5xx', min: 0 },
  { key: 'consecutiveGatewayErrors', label: 'Eject after consecutive 502/503/504', min: 0 },
  { key: 'intervalMs', label: 'Scan interval', unit: 'ms', min: 1 },
  { key: 'baseEjectionTimeMs', label: 'Ejection time', unit: 'ms', min: 1 },
  { key: 'maxEjectionPercent', label: 'Max ejected', unit: '%', min: 0, max: 100 },
];

/** Circuit breaking: the connection pool's limits and outlier detection's ejections. */
export function CircuitBreakingFields({
  policy,
  disabled,
  onChange,
}: {
  policy: TrafficPolicy;
  disabled: boolean;
  onChange: (policy: TrafficPolicy) => void;
}): ReactNode {
  const pool = policy.connectionPool ?? {};
  const outlier = policy.outlierDetection ?? {};
  return (
    <fieldset className="field-grid" disabled={disabled}>
      {POOL_FIELDS.map((f) => (
        <NumberField
          key={f.key}
          label={f.label}
          value={pool[f.key]}
          min={f.min}
          onChange={(v) => onChange({ ...policy, connectionPool: { ...pool, [f.key]: v } })}
        />
      ))}
      {OUTLIER_FIELDS.map((f) => (
        <NumberField
          key={f.key}
          label={f.label}
          unit={f.unit}
          value={outlier[f.key]}
          min={f.min}
          max={f.max}
          onChange={(v) =>
            onChange({
              ...policy,
              // A duration of 0 means "not set" (Istio would refuse it).
              outlierDetection: { ...outlier, [f.key]: f.unit === 'ms' ? v || undefined : v },
            })
          }
        />
      ))}
    </fieldset>
  );
}
