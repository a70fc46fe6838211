import { describe, expect, it } from 'vitest';
import { objectsApplyingTo } from './applies';
import type { ConfigObject, Registry } from './checks';

const registry: Registry = {
  services: [
    { namespace: 'bookinfo', name: 'reviews', selector: { app: 'reviews' } },
    { namespace: 'bookinfo', name: 'ratings', selector: { app: 'ratings' } },
    {
      namespace: 'istio-system',
      name: 'istio-ingressgateway',
      selector: { istio: 'ingressgateway' },
    },
  ],
  pods: [],
};
const o = (
  kind: ConfigObject['kind'],
  namespace: string,
  name: string,
  spec: object,
): ConfigObject => ({
  kind,
  namespace,
  name,
  spec: spec as ConfigObject['spec'],
});
const objects = [
  o('VirtualService', 'bookinfo', 'reviews', { hosts: ['reviews'] }),
  o('DestinationRule', 'bookinfo', 'ratings', { host: 'ratings.bookinfo.svc.cluster.local' }),
  o('HTTPRoute', 'bookinfo', 'reviews-mesh', {
    parentRefs: [{ kind: 'Service', name: 'reviews' }],
  }),
  o('HTTPRoute', 'bookinfo', 'to-ratings', {
    rules: [{ backendRefs: [{ name: 'ratings', port: 9080 }] }],
  }),
  o('AuthorizationPolicy', 'bookinfo', 'reviews-only', {
    selector: { matchLabels: { app: 'reviews' } },
  }),
  o('AuthorizationPolicy', 'bookinfo', 'namespace-wide', {}),
  o('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } }),
  o('PeerAuthentication', 'istio-system', 'gateway-only', {
    selector: { matchLabels: { istio: 'ingressgateway' } },
  }),
  o('Sidecar', 'bookinfo', 'ratings', { workloadSelector: { labels: { app: 'ratings' } } }),
  o('Gateway', 'bookinfo', 'bookinfo-gateway', { selector: { istio: 'ingressgateway' } }),
  o('K8sGateway', 'bookinfo', 'bookinfo-gateway', {
    addresses: [{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }],
  }),
  o('ServiceEntry', 'bookinfo', 'payments', { hosts: ['api.payments.example.com'] }),
];
const names = (list: ConfigObject[]) => list.map((x) => `${x.kind} ${x.name}`);

describe('objectsApplyingTo', () => {
  it("finds a workload's routing by its Services, and its policies by their selectors or namespace", () => {
    const reviews = objectsApplyingTo(
      {
        namespace: 'bookinfo',
        services: new Set(['bookinfo/reviews']),
        podLabels: [{ app: 'reviews', version: 'v2' }],
      },
      objects,
      registry,
    );
    expect(names(reviews)).toEqual([
      'VirtualService reviews',
      'HTTPRoute reviews-mesh',
      'AuthorizationPolicy reviews-only',
      'AuthorizationPolicy namespace-wide',
      'PeerAuthentication default',
    ]);
    const ratings = objectsApplyingTo(
      {
        namespace: 'bookinfo',
        services: new Set(['bookinfo/ratings']),
        podLabels: [{ app: 'ratings' }],
      },
      objects,
      registry,
    );
    expect(names(ratings)).toEqual([
      'DestinationRule ratings',
      'HTTPRoute to-ratings',
      'AuthorizationPolicy namespace-wide',
      'PeerAuthentication default',
      'Sidecar ratings',
    ]);
  });

  it("finds the gateways a gateway's pods serve, by selector and by address", () => {
    const gateway = objectsApplyingTo(
      {
        namespace: 'istio-system',
        services: new Set(['istio-system/istio-ingressgateway']),
        podLabels: [{ istio: 'ingressgateway' }],
      },
      objects,
      registry,
    );
    expect(names(gateway)).toEqual([
      'PeerAuthentication default',
      'PeerAuthentication gateway-only',
      'Gateway bookinfo-gateway',
      'K8sGateway bookinfo-gateway',
    ]);
  });
});
