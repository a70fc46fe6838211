import { KubeConfig } from '@kubernetes/client-node';
import type { KubeAccess } from './types';

/** Builds a KubeConfig for the configured kind of access. */
export function loadKubeConfig(access: KubeAccess, token?: string): KubeConfig {
  const kc = new KubeConfig();
  switch (access.mode) {
    case 'url':
      kc.loadFromOptions({
        clusters: [
          {
            name: 'meshlens',
            server: access.url,
            // client-node refuses plain-HTTP servers unless TLS verification is off; an
            // http: URL has no TLS to verify, so this weakens nothing.
            skipTLSVerify: access.skipTlsVerify || access.url.startsWith('http:'),
          },
        ],
        users: [{ name: 'meshlens', token }],
        contexts: [{ name: 'meshlens', cluster: 'meshlens', user: 'meshlens' }],
        currentContext: 'meshlens',
      });
      return kc;
    case 'kubeconfig':
      kc.loadFromFile(access.path);
      break;
    case 'in-cluster':
      kc.loadFromCluster();
      break;
    case 'default':
      kc.loadFromDefault();
      break;
  }
  if ((access.mode === 'kubeconfig' || access.mode === 'default') && access.context) {
    if (!kc.getContextObject(access.context))
      throw new Error(
        `the kubeconfig has no context ${access.context} (KUBE_CLUSTERS); it has ${kc.contexts.map((c) => c.name).join(', ') || 'none'}`,
      );
    kc.setCurrentContext(access.context);
  }
  if (token) {
    const user = kc.getCurrentUser();
    if (user) Object.assign(user, { token, authProvider: undefined, exec: undefined });
  }
  return kc;
}
