/**
 * Writes Istio's fault delay for a service as a VirtualService, through a Kubernetes API over
 * HTTP (the demo's, in tests and screenshots): `percent` % of the calls to `service` wait
 * `delay` in their caller's proxy, all of them or only those with the given request headers.
 */
export async function writeFaultDelay(
  kubeUrl: string,
  options: {
    service: string;
    namespace?: string;
    percent: number;
    /** An Istio duration: `2s`, `7s`. */
    delay: string;
    /** Only requests with these headers, exactly (the others are routed as usual). */
    headers?: Readonly<Record<string, string>>;
    /** Who writes, as the API server records it in `managedFields`. */
    fieldManager?: string;
  },
): Promise<void> {
  const { service, namespace = 'bookinfo', percent, delay, headers, fieldManager } = options;
  const route = [{ destination: { host: service } }];
  const fault = { delay: { percentage: { value: percent }, fixedDelay: delay } };
  const query = fieldManager ? `?${new URLSearchParams({ fieldManager }).toString()}` : '';
  const response = await fetch(
    `${kubeUrl}/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices${query}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: service, namespace },
        spec: {
          hosts: [service],
          http: headers
            ? [
                {
                  match: [
                    {
                      headers: Object.fromEntries(
                        Object.entries(headers).map(([name, value]) => [name, { exact: value }]),
                      ),
                    },
                  ],
                  fault,
                  route,
                },
                { route },
              ]
            : [{ fault, route }],
        },
      }),
    },
  );
  if (response.status !== 201)
    throw new Error(
      `writing the fault delay of ${service}: HTTP ${response.status} ${await response.text()}`,
    );
}
