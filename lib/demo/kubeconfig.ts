/**
 * A kubeconfig for the demo's clusters: one context per cluster, named as Istio names the
 * cluster, so that `KUBE_CLUSTERS=east,west` and `kubectl --context west` find them. JSON,
 * which every kubeconfig reader accepts (YAML is a superset of it).
 */
export function demoKubeconfig(
  clusters: readonly { name: string; kubeUrl: string }[],
  token?: string,
): string {
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: clusters.map(({ name, kubeUrl }) => ({
        name,
        // Plain HTTP on loopback: no TLS to verify (client-node refuses http: otherwise).
        cluster: { server: kubeUrl, 'insecure-skip-tls-verify': true },
      })),
      users: [{ name: 'demo', user: token ? { token } : {} }],
      contexts: clusters.map(({ name }) => ({ name, context: { cluster: name, user: 'demo' } })),
      'current-context': clusters[0]?.name ?? '',
    },
    null,
    2,
  );
}
