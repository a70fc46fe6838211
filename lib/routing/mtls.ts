/**
 * The mTLS mode a service's workloads accept, from PeerAuthentications: a workload-selector
 * policy beats the namespace-wide one, which beats the mesh-wide one in the root namespace;
 * `UNSET` inherits; with none, Istio's default is PERMISSIVE.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export interface PeerAuthenticationLike {
  namespace: string;
  name: string;
  mode: string;
  selector: Readonly<Record<string, string>>;
}

export interface EffectiveMtls {
  mode: string;
  /** Where it comes from, for the UI: `PeerAuthentication bookinfo/default (namespace)`. */
  source: string;
}

export function effectiveMtls(
  policies: readonly PeerAuthenticationLike[],
  namespace: string,
  workloadLabels: readonly Record<string, string>[],
  rootNamespace = 'istio-system',
): EffectiveMtls {
  const selects = (p: PeerAuthenticationLike) =>
    Object.keys(p.selector).length > 0 &&
    workloadLabels.length > 0 &&
    workloadLabels.every((labels) => Object.entries(p.selector).every(([k, v]) => labels[k] === v));
  const levels: [string, PeerAuthenticationLike | undefined][] = [
    ['workloads', policies.find((p) => p.namespace === namespace && selects(p))],
    [
      'namespace',
      policies.find((p) => p.namespace === namespace && Object.keys(p.selector).length === 0),
    ],
    [
      'mesh',
      policies.find((p) => p.namespace === rootNamespace && Object.keys(p.selector).length === 0),
    ],
  ];
  for (const [level, policy] of levels) {
    if (policy && policy.mode !== 'UNSET')
      return {
        mode: policy.mode,
        source: `PeerAuthentication ${policy.namespace}/${policy.name} (${level})`,
      };
  }
  return { mode: 'PERMISSIVE', source: 'Istio default (no PeerAuthentication)' };
}
