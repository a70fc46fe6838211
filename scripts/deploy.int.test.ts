import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, parseConfig } from '../lib/config/env';
import { ISTIO_CONFIG_KINDS } from '../lib/kube/types';
import { runToExit } from './lib/processes';
import { KUBECTL, ensureTools } from './lib/system-deps';

/**
 * The manifests in deploy/, rendered by `kubectl kustomize` (offline) and checked for what the
 * cluster install promises: probes, a locked-down container, read-only RBAC unless the editor
 * overlay is chosen, and a ConfigMap Meshlens accepts.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML

const root = join(__dirname, '..');

async function render(dir: string): Promise<Obj[]> {
  const kubectl = ensureTools([KUBECTL], { autoInstall: false, log: () => undefined })
    .kubectl as string;
  const { code, stdout, stderr } = await runToExit(kubectl, ['kustomize', join(root, dir)], {
    timeoutMs: 30_000,
  });
  expect(code, stderr).toBe(0);
  return loadAllYaml(stdout) as Obj[];
}

/** deploy/base with a component: a component renders inside a kustomization, made here. */
async function renderComponent(component: string): Promise<Obj[]> {
  const dir = mkdtempSync(join(root, 'deploy', '.render-'));
  try {
    const to = (path: string) => relative(dir, join(root, path));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      `resources: [${to('deploy/base')}]\ncomponents: [${to(component)}]\n`,
    );
    return await render(relative(root, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const find = (objects: Obj[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const verbsOf = (objects: Obj[]) =>
  objects
    .filter((o) => o.kind === 'ClusterRole')
    .flatMap((r) => (r.rules as Obj[]).flatMap((rule) => rule.verbs as string[]));

describe('deploy/ manifests', () => {
  it('base: a locked-down Deployment with probes, a Service and read-only RBAC', async () => {
    const objects = await render('deploy/base');
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Deployment',
        'Namespace',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    const deployment = find(objects, 'Deployment') as Obj;
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers as Obj[];
    expect(deployment.metadata.namespace).toBe('meshlens');
    expect(pod.serviceAccountName).toBe('meshlens');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(container?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container?.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    expect(container?.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(container?.resources.requests).toBeDefined();
    expect(container?.resources.limits.memory).toBeDefined();
    expect(container?.envFrom).toEqual([{ configMapRef: { name: 'meshlens' } }]);
    expect(container?.env).toContainEqual({
      name: 'POD_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect((container?.volumeMounts as Obj[]).map((m) => m.mountPath).sort()).toEqual([
      '/app/.next/cache',
      '/tmp',
    ]);
    expect(find(objects, 'Service')?.spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http' },
    ]);

    const reader = find(objects, 'ClusterRole', 'meshlens-reader') as Obj;
    const resources = (reader.rules as Obj[]).flatMap((r) => r.resources as string[]);
    expect(resources).toEqual(
      expect.arrayContaining([
        'namespaces',
        'services',
        'pods',
        'deployments',
        'replicasets',
        'virtualservices',
        'destinationrules',
        'httproutes',
      ]),
    );
    // Every Istio kind the Istio config list and its checks read, in its group.
    const readable = (group: string) =>
      (reader.rules as Obj[])
        .filter((r) => (r.apiGroups as string[]).includes(group))
        .flatMap((r) => r.resources as string[]);
    for (const { group, plural } of Object.values(ISTIO_CONFIG_KINDS))
      expect(readable(group)).toContain(plural);
    expect(readable('networking.istio.io')).toContain('gateways');
    expect(new Set(verbsOf(objects))).toEqual(new Set(['get', 'list', 'watch']));
    expect(find(objects, 'ClusterRoleBinding')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'meshlens', namespace: 'meshlens' },
    ]);
  });

  it('the ConfigMap holds only Meshlens settings, all valid, view-only by default', async () => {
    const data = (find(await render('deploy/base'), 'ConfigMap') as Obj).data as Record<
      string,
      string
    >;
    for (const key of Object.keys(data)) expect(CONFIG_VARIABLES).toContain(key);
    const config = parseConfig({
      ...data,
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      POD_NAMESPACE: 'meshlens',
    });
    expect(config.viewOnly).toBe(true);
    expect(config.kube.access).toEqual({ mode: 'in-cluster' });
    expect(config.allowedHosts).toContain('meshlens.meshlens.svc');
  });

  it('the editor overlay adds routing writes and turns VIEW_ONLY off, nothing more', async () => {
    const objects = await render('deploy/overlays/editor');
    const editor = find(objects, 'ClusterRole', 'meshlens-routing-editor') as Obj;
    expect(editor.rules).toEqual([
      {
        apiGroups: ['networking.istio.io'],
        resources: ['virtualservices', 'destinationrules'],
        verbs: ['create', 'update', 'patch', 'delete'],
      },
      {
        apiGroups: ['gateway.networking.k8s.io'],
        resources: ['httproutes'],
        verbs: ['create', 'update', 'patch', 'delete'],
      },
    ]);
    expect((find(objects, 'ConfigMap') as Obj).data.VIEW_ONLY).toBe('false');
    expect(
      find(objects, 'ClusterRoleBinding', 'meshlens-routing-editor')?.subjects[0].namespace,
    ).toBe('meshlens');
  });

  it('the OpenShift overlay reads the Thanos querier with the rotated service-account token', async () => {
    const objects = await render('deploy/overlays/openshift');
    const data = (find(objects, 'ConfigMap') as Obj).data as Record<string, string>;
    const config = parseConfig({
      ...data,
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    expect(config.prometheus.url).toBe(
      'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091',
    );
    expect(config.prometheus.connection).toMatchObject({
      bearerToken: { file: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      tls: { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt' },
    });
    const binding = find(objects, 'ClusterRoleBinding', 'meshlens-monitoring-view') as Obj;
    expect(binding.roleRef.name).toBe('cluster-monitoring-view');
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'meshlens', namespace: 'meshlens' },
    ]);
    // Reading metrics needs no write anywhere.
    expect(verbsOf(objects).every((verb) => ['get', 'list', 'watch'].includes(verb))).toBe(true);
  });

  it('the gateway-certificates component adds reading Secrets, and nothing else', async () => {
    const objects = await renderComponent('deploy/components/gateway-certificates');
    const role = find(objects, 'ClusterRole', 'meshlens-gateway-certificates') as Obj;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    expect(find(objects, 'ClusterRoleBinding', 'meshlens-gateway-certificates')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'meshlens', namespace: 'meshlens' },
    ]);
    expect(new Set(verbsOf(objects))).toEqual(new Set(['get', 'list', 'watch']));
  });

  it('the multi-cluster component reads every cluster through the kubeconfig Secret', async () => {
    const objects = await renderComponent('deploy/components/multi-cluster');
    const pod = (find(objects, 'Deployment') as Obj).spec.template.spec;
    const [container] = pod.containers as Obj[];
    expect(container?.env).toContainEqual({
      name: 'KUBECONFIG',
      value: '/etc/meshlens/clusters/kubeconfig',
    });
    expect(container?.volumeMounts).toContainEqual({
      name: 'clusters',
      mountPath: '/etc/meshlens/clusters',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'clusters',
      secret: { secretName: 'meshlens-clusters' },
    });
    // The pod's environment as Meshlens reads it: each cluster a context of that kubeconfig.
    const data = (find(objects, 'ConfigMap') as Obj).data as Record<string, string>;
    const config = parseConfig({
      ...data,
      KUBECONFIG: '/etc/meshlens/clusters/kubeconfig',
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    const path = '/etc/meshlens/clusters/kubeconfig';
    expect(config.kube.clusters.map((c) => [c.name, c.access])).toEqual([
      ['east', { mode: 'kubeconfig', path, context: 'east' }],
      ['west', { mode: 'kubeconfig', path, context: 'west' }],
    ]);
  });

  it('the remote-cluster overlay: the reader and its token, without Meshlens', async () => {
    const objects = await render('deploy/overlays/remote-cluster');
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'ClusterRole meshlens-reader',
      'ClusterRoleBinding meshlens-reader',
      'Namespace meshlens',
      'Secret meshlens-reader-token',
      'ServiceAccount meshlens',
    ]);
    expect(new Set(verbsOf(objects))).toEqual(new Set(['get', 'list', 'watch']));
    expect((find(objects, 'Secret') as Obj).metadata.annotations).toEqual({
      'kubernetes.io/service-account.name': 'meshlens',
    });
  });

  it('the sign-in overlay: token sign-in on two replicas sharing sign-outs in one ConfigMap', async () => {
    const objects = await render('deploy/overlays/sign-in');
    const data = (find(objects, 'ConfigMap') as Obj).data as Record<string, string>;
    const config = parseConfig({
      ...data,
      SESSION_SECRET: 'x'.repeat(48),
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
    });
    expect(config.auth).toMatchObject({
      strategy: 'token',
      revocationConfigMap: { namespace: 'meshlens', name: 'meshlens-sign-outs' },
    });
    const deployment = find(objects, 'Deployment') as Obj;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].envFrom).toContainEqual({
      secretRef: { name: 'meshlens-session' },
    });
    const role = find(objects, 'Role', 'meshlens-sign-outs') as Obj;
    expect(role.metadata.namespace).toBe('meshlens');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: ['meshlens-sign-outs'],
        verbs: ['get', 'update'],
      },
    ]);
    expect(find(objects, 'RoleBinding', 'meshlens-sign-outs')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'meshlens', namespace: 'meshlens' },
    ]);
    // Nothing beyond the base's reading of the mesh.
    expect(new Set(verbsOf(objects))).toEqual(new Set(['get', 'list', 'watch']));

    // Replicas that scale and survive a drain.
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'meshlens') as Obj;
    expect(hpa.metadata.namespace).toBe('meshlens');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'meshlens' },
      minReplicas: 2,
      maxReplicas: 6,
    });
    const pdb = find(objects, 'PodDisruptionBudget', 'meshlens') as Obj;
    expect(pdb.spec.minAvailable).toBe(1);
    expect(deployment.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    // CPU utilisation needs a CPU request to be measured against.
    expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBeDefined();
  });

  it('the Dockerfile builds the standalone server in stages and runs it as a non-root user', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(3);
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    expect(dockerfile).toMatch(
      /^CMD \["node", "--require", "\.\/peer-address\.cjs", "server\.js"\]$/m,
    );
    expect(dockerfile).not.toMatch(/^HEALTHCHECK/m);
    expect(dockerfile).toContain('COPY --from=build --chown=65532:65532 /src/.next/standalone ./');
  });
});
