/**
 * Which service a host name in a VirtualService or DestinationRule means. Istio resolves a
 * short name (`reviews`) in the namespace of the object that holds it, and accepts
 * `reviews.bookinfo`, `reviews.bookinfo.svc` and the FQDN.
 */
export function hostRefersTo(
  host: string,
  objectNamespace: string,
  service: string,
  serviceNamespace: string,
  clusterDomain = 'cluster.local',
): boolean {
  const fqdn = `${service}.${serviceNamespace}.svc.${clusterDomain}`;
  const parts = host.split('.');
  if (parts.length === 1) return objectNamespace === serviceNamespace && host === service;
  if (host.startsWith('*.')) return fqdn.endsWith(host.slice(1));
  return [`${service}.${serviceNamespace}`, `${service}.${serviceNamespace}.svc`, fqdn].includes(
    host,
  );
}

/** The host we write for a service: its name, resolved in its own namespace. */
export const serviceHost = (service: string): string => service;
