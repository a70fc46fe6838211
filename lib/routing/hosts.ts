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

/** The hosts a VirtualService (`spec.hosts`) or a DestinationRule (`spec.host`) names. */
export function objectHosts(spec: unknown): string[] {
  if (typeof spec !== 'object' || spec === null) return [];
  const { hosts, host } = spec as { hosts?: unknown; host?: unknown };
  if (Array.isArray(hosts)) return hosts.map(String);
  return typeof host === 'string' ? [host] : [];
}

/** Whether a routing object, in its namespace, names the service among its hosts. */
export const objectSelects = (
  object: { metadata: { namespace?: unknown }; spec?: unknown },
  service: string,
  serviceNamespace: string,
): boolean =>
  objectHosts(object.spec).some((h) =>
    hostRefersTo(h, String(object.metadata.namespace), service, serviceNamespace),
  );
