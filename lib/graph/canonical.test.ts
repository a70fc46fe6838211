import { describe, expect, it } from 'vitest';
import { canonicalRevision, canonicalService, runsApp } from './canonical';

describe('canonical service and revision, as Istio derives them from pod labels', () => {
  it('prefers Istio’s labels, then the recommended ones, then app and version', () => {
    expect(canonicalService({ app: 'reviews' }, 'reviews-v2')).toBe('reviews');
    expect(canonicalService({ app: 'reviews', 'app.kubernetes.io/name': 'ratings-ui' }, 'x')).toBe(
      'ratings-ui',
    );
    expect(
      canonicalService(
        { app: 'a', 'service.istio.io/canonical-name': 'shop', 'app.kubernetes.io/name': 'b' },
        'x',
      ),
    ).toBe('shop');
    expect(canonicalService({}, 'standalone')).toBe('standalone');
    expect(canonicalRevision({ version: 'v2' })).toBe('v2');
    expect(canonicalRevision({ 'app.kubernetes.io/version': '1.4', version: 'v2' })).toBe('1.4');
    // No version label at all (a gateway): `latest`, as its metrics say.
    expect(canonicalRevision({ app: 'istio-ingressgateway' })).toBe('latest');
  });

  it('matches a Deployment to the app node metrics make of it', () => {
    const gateway = {
      namespace: 'istio-system',
      name: 'istio-ingressgateway',
      templateLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    };
    expect(
      runsApp(gateway, {
        namespace: 'istio-system',
        app: 'istio-ingressgateway',
        version: 'latest',
      }),
    ).toBe(true);
    expect(runsApp(gateway, { namespace: 'istio-system', app: 'istio-ingressgateway' })).toBe(true);
    expect(
      runsApp(gateway, { namespace: 'istio-system', app: 'istio-ingressgateway', version: 'v1' }),
    ).toBe(false);
    expect(runsApp(gateway, { namespace: 'bookinfo', app: 'istio-ingressgateway' })).toBe(false);
  });
});
