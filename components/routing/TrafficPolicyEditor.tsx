'use client';

import type { ReactNode } from 'react';
import { TLS_MODES, type RoutingSpec, type TrafficPolicy } from '@/lib/contracts/routing-model';
import { removeAt, updateAt } from '@/lib/list-edit';
import { NumberField } from '../ui/NumberField';

export interface TrafficPolicyEditorProps {
  spec: RoutingSpec;
  /** The namespace's mTLS mode, shown beside the TLS setting. */
  mtls: { mode: string; source: string } | undefined;
  disabled: boolean;
  onChange: (spec: RoutingSpec) => void;
}

type LbChoice =
  'unset' | 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'header' | 'cookie' | 'sourceIp';

const lbChoice = (policy: TrafficPolicy | undefined): LbChoice => {
  const lb = policy?.loadBalancer;
  if (!lb) return 'unset';
  if ('simple' in lb) return lb.simple === 'PASSTHROUGH' ? 'unset' : lb.simple;
  const hash = lb.consistentHash;
  return 'httpHeaderName' in hash ? 'header' : 'httpCookie' in hash ? 'cookie' : 'sourceIp';
};

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

/** Drops empty parts so an untouched policy stays absent. */
function tidy(policy: TrafficPolicy): TrafficPolicy | undefined {
  const clean = Object.fromEntries(
    Object.entries(policy).filter(
      ([, v]) =>
        v !== undefined &&
        !(typeof v === 'object' && Object.values(v).every((x) => x === undefined)),
    ),
  ) as TrafficPolicy;
  return Object.keys(clean).length ? clean : undefined;
}

/** The DestinationRule: subsets, load balancing, circuit breaking and TLS to the destination. */
export function TrafficPolicyEditor({
  spec,
  mtls,
  disabled,
  onChange,
}: TrafficPolicyEditorProps): ReactNode {
  const policy = spec.trafficPolicy ?? {};
  const setPolicy = (next: TrafficPolicy) => onChange({ ...spec, trafficPolicy: tidy(next) });
  const choice = lbChoice(spec.trafficPolicy);
  const pool = policy.connectionPool ?? {};
  const outlier = policy.outlierDetection ?? {};
  const hashValue =
    policy.loadBalancer && 'consistentHash' in policy.loadBalancer
      ? 'httpHeaderName' in policy.loadBalancer.consistentHash
        ? policy.loadBalancer.consistentHash.httpHeaderName
        : 'httpCookie' in policy.loadBalancer.consistentHash
          ? policy.loadBalancer.consistentHash.httpCookie.name
          : ''
      : '';

  return (
    <section className="card" aria-label="Destination rule">
      <h3>Subsets</h3>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Subset</th>
            <th scope="col">Labels</th>
            <th scope="col">Load balancing</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {spec.subsets.map((s, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`Name of subset ${i + 1}`}
                  value={s.name}
                  disabled={disabled}
                  onChange={(event) =>
                    onChange({
                      ...spec,
                      subsets: updateAt(spec.subsets, i, (x) => ({
                        ...x,
                        name: event.target.value,
                      })),
                    })
                  }
                />
              </td>
              <td>
                <input
                  aria-label={`Labels of subset ${i + 1}`}
                  value={Object.entries(s.labels)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(',')}
                  disabled={disabled}
                  onChange={(event) =>
                    onChange({
                      ...spec,
                      subsets: updateAt(spec.subsets, i, (x) => ({
                        ...x,
                        labels: Object.fromEntries(
                          event.target.value
                            .split(',')
                            .map((pair) => pair.split('=').map((p) => p.trim()))
                            .filter((p): p is [string, string] => p.length === 2 && !!p[0]),
                        ),
                      })),
                    })
                  }
                />
              </td>
              <td>
                <select
                  aria-label={`Load balancing of subset ${s.name}`}
                  value={
                    s.trafficPolicy?.loadBalancer && 'simple' in s.trafficPolicy.loadBalancer
                      ? s.trafficPolicy.loadBalancer.simple
                      : ''
                  }
                  disabled={disabled}
                  onChange={(event) =>
                    onChange({
                      ...spec,
                      subsets: updateAt(spec.subsets, i, (x) => ({
                        ...x,
                        trafficPolicy: tidy({
                          ...x.trafficPolicy,
                          loadBalancer: event.target.value
                            ? { simple: event.target.value as 'ROUND_ROBIN' }
                            : undefined,
                        }),
                      })),
                    })
                  }
                >
                  <option value="">as the service</option>
                  <option value="ROUND_ROBIN">round robin</option>
                  <option value="LEAST_REQUEST">least request</option>
                  <option value="RANDOM">random</option>
                </select>
              </td>
              <td>
                {!disabled && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onChange({ ...spec, subsets: removeAt(spec.subsets, i) })}
                    aria-label={`Remove subset ${s.name}`}
                  >
                    remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!disabled && (
        <button
          type="button"
          onClick={() =>
            onChange({
              ...spec,
              subsets: [
                ...spec.subsets,
                {
                  name: `v${spec.subsets.length + 1}`,
                  labels: { version: `v${spec.subsets.length + 1}` },
                },
              ],
            })
          }
        >
          Add subset
        </button>
      )}

      <h3>Traffic policy</h3>
      <fieldset className="field-grid" disabled={disabled}>
        <label className="field">
          <span>Load balancing</span>
          <select
            value={choice}
            onChange={(event) => {
              const value = event.target.value as LbChoice;
              const loadBalancer: TrafficPolicy['loadBalancer'] =
                value === 'unset'
                  ? undefined
                  : value === 'header'
                    ? { consistentHash: { httpHeaderName: hashValue || 'x-user' } }
                    : value === 'cookie'
                      ? { consistentHash: { httpCookie: { name: hashValue || 'session' } } }
                      : value === 'sourceIp'
                        ? { consistentHash: { useSourceIp: true } }
                        : { simple: value };
              setPolicy({ ...policy, loadBalancer });
            }}
          >
            <option value="unset">default (least request)</option>
            <option value="ROUND_ROBIN">round robin</option>
            <option value="LEAST_REQUEST">least request</option>
            <option value="RANDOM">random</option>
            <option value="header">consistent hash: header</option>
            <option value="cookie">consistent hash: cookie</option>
            <option value="sourceIp">consistent hash: source IP</option>
          </select>
        </label>
        {(choice === 'header' || choice === 'cookie') && (
          <label className="field">
            <span>{choice === 'header' ? 'Hash header' : 'Hash cookie'}</span>
            <input
              value={hashValue}
              onChange={(event) =>
                setPolicy({
                  ...policy,
                  loadBalancer:
                    choice === 'header'
                      ? { consistentHash: { httpHeaderName: event.target.value.toLowerCase() } }
                      : { consistentHash: { httpCookie: { name: event.target.value } } },
                })
              }
            />
          </label>
        )}
        <label className="field">
          <span>TLS to the destination</span>
          <select
            value={policy.tls?.mode ?? ''}
            onChange={(event) =>
              setPolicy({
                ...policy,
                tls: event.target.value
                  ? { mode: event.target.value as (typeof TLS_MODES)[number] }
                  : undefined,
              })
            }
          >
            <option value="">default (auto mTLS)</option>
            {TLS_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {mtls && (
        <p className="muted small" aria-label="Peer authentication">
          The workloads accept <strong>{mtls.mode}</strong> mTLS — {mtls.source}.
        </p>
      )}
      <h4>Circuit breaking</h4>
      <fieldset className="field-grid" disabled={disabled}>
        {POOL_FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            value={pool[f.key]}
            min={f.min}
            onChange={(v) => setPolicy({ ...policy, connectionPool: { ...pool, [f.key]: v } })}
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
              setPolicy({
                ...policy,
                // A duration of 0 means "not set" (Istio would refuse it).
                outlierDetection: { ...outlier, [f.key]: f.unit === 'ms' ? v || undefined : v },
              })
            }
          />
        ))}
      </fieldset>
    </section>
  );
}
