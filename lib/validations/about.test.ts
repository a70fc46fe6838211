import { describe, expect, it } from 'vitest';
import { servicesAbout } from './about';
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
  pods: [
    { namespace: 'bookinfo', labels: { app: 'reviews', version: 'v1' } },
    { namespace: 'bookinfo', labels: { app: 'reviews', version: 'v2' } },
    { namespace: 'bookinfo', labels: { app: 'ratings', version: 'v1' } },
    { namespace: 'istio-system', labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } },
  ],
};
const about = (kind: ConfigObject['kind'], spec: object, namespace = 'bookinfo') =>
  servicesAbout({ kind, namespace, name: 'x', spec: spec as ConfigObject['spec'] }, registry);

describe('servicesAbout', () => {
  it('names the Services routing objects name', () => {
    expect(
      about('VirtualService', { hosts: ['reviews', 'ratings.bookinfo.svc.cluster.local'] }),
    ).toEqual(['bookinfo/ratings', 'bookinfo/reviews']);
    expect(about('HTTPRoute', { rules: [{ backendRefs: [{ name: 'ratings' }] }] })).toEqual([
      'bookinfo/ratings',
    ]);
    expect(
      about('K8sGateway', {
        addresses: [{ value: 'istio-ingressgateway.istio-system.svc.cluster.local' }],
      }),
    ).toEqual(['istio-system/istio-ingressgateway']);
  });

  it("names the Services in front of the pods a policy's or a Gateway's selector picks", () => {
    // One version's pods are behind the app's Service.
    expect(
      about('AuthorizationPolicy', {
        selector: { matchLabels: { app: 'reviews', version: 'v2' } },
      }),
    ).toEqual(['bookinfo/reviews']);
    expect(about('Sidecar', { workloadSelector: { labels: { app: 'ratings' } } })).toEqual([
      'bookinfo/ratings',
    ]);
    // A Gateway selects pods in any namespace; a policy only in its own.
    expect(about('Gateway', { selector: { istio: 'ingressgateway' } })).toEqual([
      'istio-system/istio-ingressgateway',
    ]);
    expect(
      about('PeerAuthentication', { selector: { matchLabels: { istio: 'ingressgateway' } } }),
    ).toEqual([]);
    // Namespace-wide or mesh-wide: no Service in particular.
    expect(about('PeerAuthentication', { mtls: { mode: 'STRICT' } }, 'istio-system')).toEqual([]);
    expect(about('ServiceEntry', { hosts: ['api.example.com'] })).toEqual([]);
  });
});
