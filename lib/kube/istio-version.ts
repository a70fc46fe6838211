import { ISTIO_NETWORKING_VERSIONS, type IstioNetworkingVersion } from './types';

/**
 * Picks the networking.istio.io version to use: the server's preferred one when we know it,
 * else the newest we know that it serves (Istio below 1.22 serves no `v1`).
 */
export function chooseIstioVersion(
  group: { versions: { version: string }[]; preferredVersion?: { version: string } } | undefined,
): IstioNetworkingVersion | undefined {
  if (!group) return undefined;
  const known = (v: string | undefined): v is IstioNetworkingVersion =>
    (ISTIO_NETWORKING_VERSIONS as readonly string[]).includes(v ?? '');
  const preferred = group.preferredVersion?.version;
  if (known(preferred)) return preferred;
  const served = new Set(group.versions.map((v) => v.version));
  return ISTIO_NETWORKING_VERSIONS.find((v) => served.has(v));
}
