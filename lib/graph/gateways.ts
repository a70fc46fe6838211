/**
 * Gateways on the graph: which workloads serve an Istio Gateway or a Gateway API Gateway, with
 * each listener's port, protocol and hostnames and the TLS certificate it terminates with
 * (the Secret, and when the certificate expires). Pure: objects in, node decorations out.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 */
import type { GatewayInfo, GatewayListener, GraphResponse, NodeBadge } from '../contracts/graph';
import { expiresSoon } from '../graph-view/certificate-text';
import { runsApp } from './canonical';
import type { GatewayObject } from '../kube/types';
import { list, num, obj, str, type Obj } from '../json';

/** The label Istio puts on the pods of the Deployment it runs for a Gateway API Gateway. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

interface Deployment {
  namespace: string;
  name: string;
  templateLabels: Readonly<Record<string, string>>;
}

const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/** An Istio Gateway's servers, the TLS Secret resolved in the gateway workload's namespace. */
function istioListeners(spec: Obj, workloadNamespace: string): GatewayListener[] {
  return list(spec.servers).flatMap((raw): GatewayListener[] => {
    const server = obj(raw);
    const port = obj(server.port);
    const number = num(port.number);
    if (number === undefined) return [];
    const protocol = (str(port.protocol) ?? 'HTTP').toUpperCase();
    const tls = obj(server.tls);
    const credential = str(tls.credentialName);
    return [
      {
        ...(str(port.name) ? { name: str(port.name) } : {}),
        port: number,
        protocol,
        // `ns/host` limits which namespaces' routes may bind; the host is what clients use.
        hostnames: list(server.hosts).flatMap((h) => {
          const host = str(h);
          return host ? [host.includes('/') ? (host.split('/')[1] ?? host) : host] : [];
        }),
        ...(TLS_PROTOCOLS.has(protocol)
          ? {
              tls: {
                mode: str(tls.mode) ?? 'SIMPLE',
                ...(credential
                  ? { secret: { namespace: workloadNamespace, name: credential } }
                  : {}),
              },
            }
          : {}),
      },
    ];
  });
}

/** A Gateway API Gateway's listeners, each TLS one with its first certificate Secret. */
function gatewayApiListeners(spec: Obj, namespace: string): GatewayListener[] {
  return list(spec.listeners).flatMap((raw): GatewayListener[] => {
    const listener = obj(raw);
    const port = num(listener.port);
    if (port === undefined) return [];
    const protocol = (str(listener.protocol) ?? 'HTTP').toUpperCase();
    const tls = obj(listener.tls);
    const ref = list(tls.certificateRefs)
      .map(obj)
      .find((r) => (str(r.kind) ?? 'Secret') === 'Secret' && (str(r.group) ?? '') === '');
    const refName = ref && str(ref.name);
    return [
      {
        ...(str(listener.name) ? { name: str(listener.name) } : {}),
        port,
        protocol,
        hostnames: [str(listener.hostname) ?? '*'],
        ...(TLS_PROTOCOLS.has(protocol)
          ? {
              tls: {
                mode: str(tls.mode) ?? 'Terminate',
                ...(refName
                  ? { secret: { namespace: str(ref?.namespace) ?? namespace, name: refName } }
                  : {}),
              },
            }
          : {}),
      },
    ];
  });
}

/** A Service, as far as finding the workload behind a Gateway's address goes. */
interface Service {
  namespace: string;
  name: string;
  selector: Readonly<Record<string, string>>;
}

/**
 * The Services a Gateway API Gateway's `addresses` name by host (Istio's manual deployment:
 * the Gateway is served by the gateway Deployment behind that Service), as `namespace/name`.
 */
export function gatewayAddressServices(
  gateway: GatewayObject,
): { namespace: string; name: string }[] {
  if (gateway.api !== 'gateway-api') return [];
  return list(gateway.spec.addresses).flatMap((raw) => {
    const address = obj(raw);
    const host = str(address.value);
    if ((str(address.type) ?? 'IPAddress') !== 'Hostname' || !host) return [];
    // `name.namespace[.svc[.cluster.local]]`; a bare name is in the Gateway's namespace.
    const [name = '', namespace = gateway.namespace, svc] = host.split('.');
    return svc === undefined || svc === 'svc' ? [{ namespace, name }] : [];
  });
}

/**
 * The gateways each workload (`namespace/name`) serves: an Istio Gateway's pods are those its
 * `selector` matches, in any namespace; a Gateway API Gateway's are the Deployment Istio runs
 * for it in its namespace (labelled with the Gateway's name), or, when its `addresses` name a
 * Service (manual deployment), the Deployments that Service selects.
 */
export function gatewaysByWorkload(
  gateways: readonly GatewayObject[],
  deployments: readonly Deployment[],
  services: readonly Service[] = [],
): Map<string, GatewayInfo[]> {
  const out = new Map<string, GatewayInfo[]>();
  const add = (d: Deployment, info: GatewayInfo) => {
    const key = `${d.namespace}/${d.name}`;
    out.set(key, [...(out.get(key) ?? []), info]);
  };
  const selects = (selector: Readonly<Record<string, string>>, d: Deployment) => {
    const pairs = Object.entries(selector);
    return pairs.length > 0 && pairs.every(([k, v]) => d.templateLabels[k] === v);
  };
  for (const gateway of gateways) {
    const base = { api: gateway.api, namespace: gateway.namespace, name: gateway.name };
    if (gateway.api === 'istio') {
      const selector = Object.fromEntries(
        Object.entries(obj(gateway.spec.selector)).flatMap(([k, v]) =>
          typeof v === 'string' ? [[k, v]] : [],
        ),
      );
      for (const d of deployments)
        if (selects(selector, d))
          add(d, { ...base, listeners: istioListeners(gateway.spec, d.namespace) });
    } else {
      const info = { ...base, listeners: gatewayApiListeners(gateway.spec, gateway.namespace) };
      const addressed = gatewayAddressServices(gateway).flatMap(
        (ref) => services.find((s) => s.namespace === ref.namespace && s.name === ref.name) ?? [],
      );
      for (const d of deployments)
        if (
          (d.namespace === gateway.namespace &&
            d.templateLabels[GATEWAY_NAME_LABEL] === gateway.name) ||
          addressed.some((s) => s.namespace === d.namespace && selects(s.selector, d))
        )
          add(d, info);
    }
  }
  return out;
}

/** The TLS Secrets the listeners name, each once (`namespace/name`). */
export function certificateSecrets(
  byWorkload: ReadonlyMap<string, readonly GatewayInfo[]>,
): { namespace: string; name: string }[] {
  const seen = new Map<string, { namespace: string; name: string }>();
  for (const infos of byWorkload.values())
    for (const info of infos)
      for (const l of info.listeners)
        if (l.tls?.secret) seen.set(`${l.tls.secret.namespace}/${l.tls.secret.name}`, l.tls.secret);
  return [...seen.values()];
}

/** What reading a Secret's certificate came to: its expiry, or why it is unknown. */
export type CertificateLookup = { notAfterSec: number } | { problem: string };

/** The listeners with their certificates' expiry (or why it is unknown) filled in. */
export function withCertificates(
  byWorkload: ReadonlyMap<string, readonly GatewayInfo[]>,
  certificates: ReadonlyMap<string, CertificateLookup>,
): Map<string, GatewayInfo[]> {
  const out = new Map<string, GatewayInfo[]>();
  for (const [key, infos] of byWorkload)
    out.set(
      key,
      infos.map((info) => ({
        ...info,
        listeners: info.listeners.map((l) => {
          const secret = l.tls?.secret;
          const found = secret && certificates.get(`${secret.namespace}/${secret.name}`);
          if (!l.tls || !found) return l;
          return {
            ...l,
            tls: {
              ...l.tls,
              ...('notAfterSec' in found
                ? { expiresAtSec: found.notAfterSec }
                : { problem: found.problem }),
            },
          };
        }),
      })),
    );
  return out;
}

/**
 * Puts the gateways on their workload nodes, and on the app nodes of those workloads, with the
 * `gateway` badge, and `certificateExpiring` where a listener's certificate expires soon.
 */
export function applyGateways(
  elements: GraphResponse['elements'],
  byWorkload: ReadonlyMap<string, GatewayInfo[]>,
  deployments: readonly Deployment[],
  nowSec: number,
): GraphResponse['elements'] {
  if (byWorkload.size === 0) return elements;
  const nodes = elements.nodes.map(({ data }) => {
    const workloads =
      data.nodeType === 'workload'
        ? [`${data.namespace}/${data.workload}`]
        : data.nodeType === 'app'
          ? deployments.filter((d) => runsApp(d, data)).map((d) => `${d.namespace}/${d.name}`)
          : [];
    const gateways = workloads.flatMap((w) => byWorkload.get(w) ?? []);
    if (gateways.length === 0) return { data };
    const expiring = gateways.some((g) => g.listeners.some((l) => expiresSoon(l, nowSec)));
    const badges: NodeBadge[] = [
      ...(data.badges ?? []),
      'gateway',
      ...(expiring ? (['certificateExpiring'] as const) : []),
    ];
    return { data: { ...data, gateways, badges } };
  });
  return { ...elements, nodes };
}
