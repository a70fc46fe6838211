import { describe, expect, it } from 'vitest';
import type { GraphResponse, NodeData } from '../contracts/graph';
import type { GatewayObject } from '../kube/types';
import { certificateText } from '../graph-view/certificate-text';
import {
  applyGateways,
  certificateSecrets,
  gatewayAddressServices,
  gatewaysByWorkload,
  withCertificates,
} from './gateways';

/**
 * Istio's samples: Bookinfo's Istio Gateway (samples/bookinfo/networking/bookinfo-gateway.yaml)
 * with the secure-ingress task's HTTPS server added, and the Gateway API Gateway of the
 * secure-ingress task (`httpbin-credential`), which Istio runs as `httpbin-gateway-istio`.
 */
const istioGateway: GatewayObject = {
  api: 'istio',
  namespace: 'bookinfo',
  name: 'bookinfo-gateway',
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['bookinfo/bookinfo.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'bookinfo-credential' },
      },
    ],
  },
};
const gatewayApi: GatewayObject = {
  api: 'gateway-api',
  namespace: 'httpbin',
  name: 'httpbin-gateway',
  spec: {
    gatewayClassName: 'istio',
    listeners: [
      {
        name: 'https',
        hostname: 'httpbin.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential' }] },
      },
      { name: 'http', port: 80, protocol: 'HTTP' },
    ],
  },
};
const deployments: { namespace: string; name: string; templateLabels: Record<string, string> }[] = [
  {
    namespace: 'istio-system',
    name: 'istio-ingressgateway',
    templateLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  },
  {
    namespace: 'httpbin',
    name: 'httpbin-gateway-istio',
    templateLabels: { 'gateway.networking.k8s.io/gateway-name': 'httpbin-gateway' },
  },
  { namespace: 'bookinfo', name: 'productpage-v1', templateLabels: { app: 'productpage' } },
];

describe('gateways on the graph', () => {
  const byWorkload = gatewaysByWorkload([istioGateway, gatewayApi], deployments);

  it('finds the workloads that serve each gateway, with their listeners', () => {
    expect([...byWorkload.keys()]).toEqual([
      'istio-system/istio-ingressgateway',
      'httpbin/httpbin-gateway-istio',
    ]);
    expect(byWorkload.get('istio-system/istio-ingressgateway')).toEqual([
      {
        api: 'istio',
        namespace: 'bookinfo',
        name: 'bookinfo-gateway',
        listeners: [
          { name: 'http', port: 8080, protocol: 'HTTP', hostnames: ['*'] },
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostnames: ['bookinfo.example.com'],
            // An Istio Gateway's credential lives beside the gateway's pods.
            tls: {
              mode: 'SIMPLE',
              secret: { namespace: 'istio-system', name: 'bookinfo-credential' },
            },
          },
        ],
      },
    ]);
    expect(byWorkload.get('httpbin/httpbin-gateway-istio')?.[0]?.listeners[0]).toEqual({
      name: 'https',
      port: 443,
      protocol: 'HTTPS',
      hostnames: ['httpbin.example.com'],
      tls: { mode: 'Terminate', secret: { namespace: 'httpbin', name: 'httpbin-credential' } },
    });
    expect(certificateSecrets(byWorkload)).toEqual([
      { namespace: 'istio-system', name: 'bookinfo-credential' },
      { namespace: 'httpbin', name: 'httpbin-credential' },
    ]);
  });

  it('flags a certificate that expires within 14 days, and says why an expiry is unknown', () => {
    const now = Date.parse('2026-12-05T12:00:00Z') / 1000;
    const day = 86_400;
    const withExpiry = withCertificates(
      byWorkload,
      new Map([
        ['istio-system/bookinfo-credential', { notAfterSec: now + 10 * day + 60 }],
        ['httpbin/httpbin-credential', { problem: 'no Secret httpbin-credential in httpbin' }],
      ]),
    );
    const node = (id: string, workload: string, namespace: string): { data: NodeData } => ({
      data: {
        id,
        nodeType: 'workload',
        namespace,
        workload,
        isRoot: false,
        isOutside: false,
        isInjectedService: false,
        traffic: [],
        health: { status: 'healthy' },
      } as NodeData,
    });
    const elements: GraphResponse['elements'] = {
      nodes: [
        node('gw', 'istio-ingressgateway', 'istio-system'),
        node('httpbin', 'httpbin-gateway-istio', 'httpbin'),
        node('pp', 'productpage-v1', 'bookinfo'),
      ],
      edges: [],
    };
    const [ingress, httpbin, productpage] = applyGateways(
      elements,
      withExpiry,
      deployments,
      now,
    ).nodes;
    expect(ingress?.data.badges).toEqual(['gateway', 'certificateExpiring']);
    expect(httpbin?.data.badges).toEqual(['gateway']);
    expect(productpage?.data.badges).toBeUndefined();
    const https = ingress?.data.gateways?.[0]?.listeners[1];
    expect(certificateText(https as never, now)).toBe(
      'Secret istio-system/bookinfo-credential · expires 2026-12-15, in 10 days',
    );
    expect(certificateText(httpbin?.data.gateways?.[0]?.listeners[0] as never, now)).toBe(
      'Secret httpbin/httpbin-credential · expiry unknown: no Secret httpbin-credential in httpbin',
    );
    expect(certificateText(https as never, now + 11 * day)).toBe(
      'Secret istio-system/bookinfo-credential · expired 2026-12-15',
    );
  });
});

describe('a Gateway API Gateway on an existing gateway (Istio’s manual deployment)', () => {
  // Istio's Gateway API docs, "Manual deployment": the Gateway's address is the Service of
  // the ingress gateway already installed, which then serves it.
  const manual: GatewayObject = {
    api: 'gateway-api',
    namespace: 'bookinfo',
    name: 'bookinfo-gateway',
    spec: {
      gatewayClassName: 'istio',
      addresses: [
        { type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' },
      ],
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
    },
  };
  const ingressService = {
    namespace: 'istio-system',
    name: 'istio-ingressgateway',
    selector: { istio: 'ingressgateway' },
  };

  it('reads the Services its addresses name, and puts it on the workloads they select', () => {
    expect(gatewayAddressServices(manual)).toEqual([
      { namespace: 'istio-system', name: 'istio-ingressgateway' },
    ]);
    const byWorkload = gatewaysByWorkload([istioGateway, manual], deployments, [ingressService]);
    expect(
      byWorkload.get('istio-system/istio-ingressgateway')?.map((g) => `${g.api} ${g.name}`),
    ).toEqual(['istio bookinfo-gateway', 'gateway-api bookinfo-gateway']);
    // Without the Service, nothing says which workload serves it.
    expect(
      gatewaysByWorkload([manual], deployments).get('istio-system/istio-ingressgateway'),
    ).toBeUndefined();
  });

  it('takes no IP address or foreign host for a Service', () => {
    const addresses = (value: string, type = 'Hostname') =>
      gatewayAddressServices({ ...manual, spec: { addresses: [{ type, value }] } });
    expect(addresses('10.0.0.7', 'IPAddress')).toEqual([]);
    expect(addresses('gateway.example.com')).toEqual([]);
    expect(addresses('istio-ingressgateway')).toEqual([
      { namespace: 'bookinfo', name: 'istio-ingressgateway' },
    ]);
  });
});
