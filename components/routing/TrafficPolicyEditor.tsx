'use client';

import type { ReactNode } from 'react';
import { TLS_MODES, type RoutingSpec, type TrafficPolicy } from '@/lib/contracts/routing-model';
import { tidyPolicy } from '@/lib/routing/edit';
import { CircuitBreakingFields } from './CircuitBreakingFields';
import { SubsetsEditor } from './SubsetsEditor';

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

/** The DestinationRule: subsets, load balancing, circuit breaking and TLS to the destination. */
export function TrafficPolicyEditor({
  spec,
  mtls,
  disabled,
  onChange,
}: TrafficPolicyEditorProps): ReactNode {
  const policy = spec.trafficPolicy ?? {};
  const setPolicy = (next: TrafficPolicy) => onChange({ ...spec, trafficPolicy: tidyPolicy(next) });
  const choice = lbChoice(spec.trafficPolicy);
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
      <SubsetsEditor
        subsets={spec.subsets}
        disabled={disabled}
        onChange={(subsets) => onChange({ ...spec, subsets })}
      />

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
      <CircuitBreakingFields policy={policy} disabled={disabled} onChange={setPolicy} />
    </section>
  );
}
