import { loadAllYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { obj } from '../json';
import {
  BOOKINFO_GATEWAY,
  DESTINATION_RULE_ALL,
  HTTPBIN_GATEWAY,
  VIRTUAL_SERVICE_ALL_V1,
  VIRTUAL_SERVICE_REVIEWS_50_V3,
} from './__fixtures__/istio-samples';
import { configKey, validateConfig, type ConfigObject, type Registry } from './checks';

/** Istio sample YAML as applied to a namespace (`kubectl apply -n bookinfo -f …`). */
function applied(yaml: string, namespace = 'bookinfo'): ConfigObject[] {
  return (loadAllYaml(yaml) as { kind: string; metadata: { name: string }; spec: unknown }[]).map(
    (o) => ({
      kind: o.kind as ConfigObject['kind'],
      namespace,
      name: o.metadata.name,
      spec: obj(o.spec),
    }),
  );
}

/** Bookinfo as the demo runs it: every version of reviews, v1 of the rest. */
const service = (name: string) => ({ namespace: 'bookinfo', name, selector: { app: name } });
const pod = (app: string, version: string) => ({
  namespace: 'bookinfo',
  labels: { app, version },
});
const BOOKINFO: Registry = {
  services: ['productpage', 'reviews', 'ratings', 'details'].map(service),
  pods: [
    pod('productpage', 'v1'),
    pod('reviews', 'v1'),
    pod('reviews', 'v2'),
    pod('reviews', 'v3'),
    pod('ratings', 'v1'),
    pod('details', 'v1'),
  ],
};

/** The checks of one object, as `id path`. */
function checksOf(
  objects: ConfigObject[],
  kind: ConfigObject['kind'],
  name: string,
  registry = BOOKINFO,
): string[] {
  const found = validateConfig(objects, registry).get(
    configKey({ kind, namespace: objects.find((o) => o.name === name)?.namespace ?? '', name }),
  );
  if (!found) throw new Error(`${kind} ${name} was not validated`);
  return found.checks.map((c) => `${c.id} ${c.path}`);
}

const messageOf = (objects: ConfigObject[], kind: ConfigObject['kind'], name: string) =>
  validateConfig(objects, BOOKINFO).get(configKey({ kind, namespace: 'bookinfo', name }))?.checks[0]
    ?.message;

describe('validations on Istio’s Bookinfo samples', () => {
  const samples = [...applied(DESTINATION_RULE_ALL), ...applied(VIRTUAL_SERVICE_ALL_V1)];

  it('passes the samples’ routing to v1, and flags the subsets no deployed pod carries', () => {
    const all = validateConfig(samples, BOOKINFO);
    expect(all.size).toBe(8);
    for (const name of ['productpage', 'reviews', 'ratings', 'details'])
      expect(checksOf(samples, 'VirtualService', name)).toEqual([]);
    expect(checksOf(samples, 'DestinationRule', 'reviews')).toEqual([]);
    // Only ratings v1 and details v1 run: the samples' other subsets select nothing.
    expect(checksOf(samples, 'DestinationRule', 'ratings')).toEqual([
      'dr.subset-selects-no-pod spec.subsets[1]',
      'dr.subset-selects-no-pod spec.subsets[2]',
      'dr.subset-selects-no-pod spec.subsets[3]',
    ]);
    expect(messageOf(samples, 'DestinationRule', 'details')).toBe(
      'Subset v2 (version=v2) selects no pod of Service bookinfo/details: requests routed to it fail (503 UH). Fix its labels, or deploy pods that carry them.',
    );
  });

  it('flags a route to a subset no DestinationRule defines (KIA1107)', () => {
    // virtual-service-reviews-50-v3 applied with a DestinationRule that lacks v3.
    const reviewsV1V2 = applied(DESTINATION_RULE_ALL).map((o) =>
      o.name === 'reviews'
        ? { ...o, spec: { ...o.spec, subsets: (o.spec.subsets as unknown[]).slice(0, 2) } }
        : o,
    );
    const objects = [...reviewsV1V2, ...applied(VIRTUAL_SERVICE_REVIEWS_50_V3)];
    expect(checksOf(objects, 'VirtualService', 'reviews')).toEqual([
      'vs.subset-not-found spec.http[0].route[1].destination',
    ]);
    const [found] =
      validateConfig(objects, BOOKINFO).get('VirtualService/bookinfo/reviews')?.checks ?? [];
    expect(found).toMatchObject({ code: 'KIA1107', severity: 'error' });
    expect(found?.message).toBe(
      'Subset v3 of reviews is not defined by DestinationRule bookinfo/reviews (it defines v1, v2): requests routed here fail (503 NR). Add v3 to its subsets, or route to one it defines.',
    );
    // Without any DestinationRule, every subset is undefined.
    expect(checksOf(applied(VIRTUAL_SERVICE_REVIEWS_50_V3), 'VirtualService', 'reviews')).toEqual([
      'vs.subset-not-found spec.http[0].route[0].destination',
      'vs.subset-not-found spec.http[0].route[1].destination',
    ]);
  });

  it('flags hosts that match no Service or ServiceEntry, in routes and DestinationRules', () => {
    const typo = applied(VIRTUAL_SERVICE_ALL_V1).map((o) =>
      o.name === 'details'
        ? { ...o, spec: { ...o.spec, http: [{ route: [{ destination: { host: 'detail' } }] }] } }
        : o,
    );
    expect(checksOf(typo, 'VirtualService', 'details')).toEqual([
      'vs.host-not-found spec.http[0].route[0].destination',
    ]);
    const external: ConfigObject = {
      kind: 'ServiceEntry',
      namespace: 'bookinfo',
      name: 'external-svc',
      spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL' },
    };
    const toExternal: ConfigObject = {
      kind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'api',
      spec: { host: 'api.example.com' },
    };
    expect(checksOf([toExternal], 'DestinationRule', 'api')).toEqual([
      'dr.host-not-found spec.host',
    ]);
    expect(checksOf([toExternal, external], 'DestinationRule', 'api')).toEqual([]);
    // A fully qualified name, in another namespace, resolves like the short one.
    const fqdn: ConfigObject = {
      kind: 'DestinationRule',
      namespace: 'other',
      name: 'reviews',
      spec: { host: 'reviews.bookinfo.svc.cluster.local' },
    };
    expect(checksOf([fqdn], 'DestinationRule', 'reviews')).toEqual([]);
  });

  it('flags a route whose weights add up to 0', () => {
    const zero = applied(VIRTUAL_SERVICE_REVIEWS_50_V3).map((o) => ({
      ...o,
      spec: {
        ...o.spec,
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 0 },
              { destination: { host: 'reviews', subset: 'v3' }, weight: 0 },
            ],
          },
        ],
      },
    }));
    expect(
      checksOf([...applied(DESTINATION_RULE_ALL), ...zero], 'VirtualService', 'reviews'),
    ).toEqual(['vs.weights-zero spec.http[0].route']);
  });

  it('flags a DestinationRule turning TLS off where a PeerAuthentication requires mTLS', () => {
    // Istio's mTLS migration task: mesh-wide STRICT in the root namespace.
    const strict: ConfigObject = {
      kind: 'PeerAuthentication',
      namespace: 'istio-system',
      name: 'default',
      spec: { mtls: { mode: 'STRICT' } },
    };
    const disable: ConfigObject = {
      kind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'ratings-plaintext',
      spec: { host: 'ratings', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    };
    expect(checksOf([strict, disable], 'DestinationRule', 'ratings-plaintext')).toEqual([
      'dr.tls-disabled-under-strict spec.trafficPolicy.tls.mode',
    ]);
    expect(messageOf([strict, disable], 'DestinationRule', 'ratings-plaintext')).toContain(
      'PeerAuthentication istio-system/default, STRICT',
    );
    // The namespace's own PERMISSIVE policy overrides the mesh's: plaintext is accepted.
    const permissive: ConfigObject = {
      kind: 'PeerAuthentication',
      namespace: 'bookinfo',
      name: 'default',
      spec: { mtls: { mode: 'PERMISSIVE' } },
    };
    expect(checksOf([strict, permissive, disable], 'DestinationRule', 'ratings-plaintext')).toEqual(
      [],
    );
  });

  it('flags two DestinationRules for one host, however they name it', () => {
    const second: ConfigObject = {
      kind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'reviews-cb',
      spec: {
        host: 'reviews.bookinfo.svc.cluster.local',
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } },
      },
    };
    const objects = [...applied(DESTINATION_RULE_ALL), second];
    expect(checksOf(objects, 'DestinationRule', 'reviews')).toEqual([
      'dr.multiple-for-host spec.host',
    ]);
    expect(checksOf(objects, 'DestinationRule', 'reviews-cb')).toEqual([
      'dr.multiple-for-host spec.host',
    ]);
    expect(checksOf(objects, 'DestinationRule', 'details')).not.toContain(
      'dr.multiple-for-host spec.host',
    );
  });

  it('flags two Gateways claiming one host and port on the same gateway pods (KIA0301)', () => {
    const bookinfo = applied(BOOKINFO_GATEWAY);
    const httpbin = applied(HTTPBIN_GATEWAY, 'httpbin');
    // Apart: different ports.
    expect(checksOf([...bookinfo, ...httpbin], 'Gateway', 'bookinfo-gateway')).toEqual([]);
    // httpbin moved to 8080, where bookinfo's `*` already claims every host.
    const onBookinfosPort = httpbin.map((g) => ({
      ...g,
      spec: {
        ...g.spec,
        servers: [
          {
            port: { number: 8080, name: 'http', protocol: 'HTTP' },
            hosts: ['httpbin.example.com'],
          },
        ],
      },
    }));
    const objects = [...bookinfo, ...onBookinfosPort];
    expect(checksOf(objects, 'Gateway', 'bookinfo-gateway')).toEqual([
      'gateway.host-port-conflict spec.servers[0]',
    ]);
    expect(checksOf(objects, 'Gateway', 'httpbin-gateway')).toEqual([
      'gateway.host-port-conflict spec.servers[0]',
    ]);
    // On other gateway pods (another selector), no conflict.
    const elsewhere = onBookinfosPort.map((g) => ({
      ...g,
      spec: { ...g.spec, selector: { istio: 'egressgateway' } },
    }));
    expect(checksOf([...bookinfo, ...elsewhere], 'Gateway', 'bookinfo-gateway')).toEqual([]);
  });
});
