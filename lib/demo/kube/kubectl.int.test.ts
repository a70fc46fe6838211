import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToExit } from '../../../scripts/lib/processes';
import { KUBECTL, ensureTools } from '../../../scripts/lib/system-deps';
import { startDemoMesh, type DemoMesh } from '../mesh';

let mesh: DemoMesh;
let kubectlBin: string;

beforeAll(async () => {
  kubectlBin = ensureTools([KUBECTL], { autoInstall: false, log: console.log }).kubectl as string;
  mesh = await startDemoMesh({ rate: 1 });
});

afterAll(async () => {
  await mesh?.stop();
});

/**
 * Runs real kubectl against the demo API, with no kubeconfig of the machine's involved.
 * (runToExit is asynchronous: the demo API server lives in this process.)
 */
async function kubectl(
  args: string[],
  input?: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runToExit(
    kubectlBin,
    ['--server', mesh.kubeUrl, ...args],
    {
      env: { ...process.env, KUBECONFIG: '/dev/null' },
      input,
      timeoutMs: 30_000,
    },
  );
  return { status: code ?? -1, stdout, stderr };
}

const VS_V1ALPHA3 = (weights: [number, number]) => `
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: ${weights[0]}
    - destination: {host: reviews, subset: v3}
      weight: ${weights[1]}
`;

describe('kubectl against the demo Kubernetes API', () => {
  it('gets namespaces and Bookinfo pods', async () => {
    const ns = await kubectl(['get', 'namespaces', '-o', 'name']);
    expect(ns.status).toBe(0);
    expect(ns.stdout.split('\n')).toContain('namespace/bookinfo');
    const pods = await kubectl(['get', 'pods', '-n', 'bookinfo']);
    expect(pods.status).toBe(0);
    const rows = pods.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    // Each pod: its application container and its sidecar.
    expect(rows.slice(1).filter((r) => /\s2\/2\s+Running\s+0\s/.test(r))).toHaveLength(7);
  });

  it("reads a pod's sidecar access log with kubectl logs, and refuses a container it lacks", async () => {
    // The gateway's proxy logs every request; at 1 request/s, wait for two.
    let gateway = await kubectl([
      'logs',
      '-n',
      'istio-system',
      'deploy/istio-ingressgateway',
      '--tail=2',
    ]);
    for (let i = 0; i < 30 && gateway.stdout.trim().split('\n').length < 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      gateway = await kubectl([
        'logs',
        '-n',
        'istio-system',
        'deploy/istio-ingressgateway',
        '--tail=2',
      ]);
    }
    expect(gateway.status).toBe(0);
    const lines = gateway.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(
        /^\[[-0-9T:.]+Z\] "GET \/productpage HTTP\/1\.1" \d+ \S+ \S+ - "-" \d+ \d+ \d+ \S+ "-" "[^"]+" "[0-9a-f-]{36}" "productpage\.bookinfo:9080" /,
      );
    const productpage = await kubectl([
      'logs',
      '-n',
      'bookinfo',
      'deploy/productpage-v1',
      '-c',
      'nope',
    ]);
    expect(productpage.status).not.toBe(0);
    expect(productpage.stderr).toContain('container nope is not valid for pod productpage-v1-');
  });

  it('applies a v1alpha3 VirtualService, reads it at v1, updates it, and deletes it', async () => {
    const created = await kubectl(['apply', '--validate=false', '-f', '-'], VS_V1ALPHA3([50, 50]));
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews created');

    const list = await kubectl(['get', 'virtualservices', '-A']);
    expect(list.stdout).toMatch(
      /^NAMESPACE\s+NAME\s+GATEWAYS\s+HOSTS\s+AGE\nbookinfo\s+reviews\s+\[\]\s+\["reviews"\]/,
    );

    const v1 = JSON.parse(
      (
        await kubectl([
          'get',
          'virtualservices.v1.networking.istio.io',
          'reviews',
          '-n',
          'bookinfo',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(v1).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      metadata: { generation: 1 },
      spec: { http: [{ route: [{ weight: 50 }, { weight: 50 }] }] },
    });

    const configured = await kubectl(
      ['apply', '--validate=false', '-f', '-'],
      VS_V1ALPHA3([10, 90]),
    );
    expect(configured.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews configured');
    const unchanged = await kubectl(
      ['apply', '--validate=false', '-f', '-'],
      VS_V1ALPHA3([10, 90]),
    );
    expect(unchanged.stdout.trim()).toBe('virtualservice.networking.istio.io/reviews unchanged');
    const after = JSON.parse(
      (await kubectl(['get', 'vs', 'reviews', '-n', 'bookinfo', '-o', 'json'])).stdout,
    );
    expect(after.metadata.generation).toBe(2);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(
      Number(v1.metadata.resourceVersion),
    );
    expect(after.spec.http[0].route.map((r: { weight: number }) => r.weight)).toEqual([10, 90]);

    const deleted = await kubectl(['delete', 'vs', 'reviews', '-n', 'bookinfo']);
    expect(deleted.stdout.trim()).toBe('virtualservice.networking.istio.io "reviews" deleted');
    const missing = await kubectl(['get', 'vs', 'reviews', '-n', 'bookinfo']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('virtualservices.networking.istio.io "reviews" not found');
  });

  it('refuses a replace carrying a stale resourceVersion with Conflict', async () => {
    await kubectl(['apply', '--validate=false', '-f', '-'], VS_V1ALPHA3([50, 50]));
    const current = JSON.parse(
      (await kubectl(['get', 'vs', 'reviews', '-n', 'bookinfo', '-o', 'json'])).stdout,
    );
    await kubectl(['apply', '--validate=false', '-f', '-'], VS_V1ALPHA3([30, 70]));
    const stale = { ...current, spec: { ...current.spec, hosts: ['reviews', 'stale'] } };
    const replaced = await kubectl(
      ['replace', '--validate=false', '-f', '-'],
      JSON.stringify(stale),
    );
    expect(replaced.status).not.toBe(0);
    expect(replaced.stderr).toContain('Error from server (Conflict)');
    expect(replaced.stderr).toContain('the object has been modified');
    const now = JSON.parse(
      (await kubectl(['get', 'vs', 'reviews', '-n', 'bookinfo', '-o', 'json'])).stdout,
    );
    expect(now.spec.hosts).toEqual(['reviews']);
    await kubectl(['delete', 'vs', 'reviews', '-n', 'bookinfo']);
  });

  it('refuses an object Istio would reject, with the field and reason', async () => {
    const result = await kubectl(['apply', '--validate=false', '-f', '-'], VS_V1ALPHA3([-5, 50]));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('The VirtualService "reviews" is invalid');
    expect(result.stderr).toContain('spec.http[0].route[0].weight');
    expect((await kubectl(['get', 'vs', '-n', 'bookinfo'])).stderr).toContain(
      'No resources found in bookinfo namespace.',
    );
  });

  it('rolls a Deployment out (kubectl rollout restart) into a new ReplicaSet', async () => {
    const restarted = await kubectl([
      'rollout',
      'restart',
      'deployment/reviews-v3',
      '-n',
      'bookinfo',
    ]);
    expect(restarted.stderr).toBe('');
    expect(restarted.stdout).toContain('deployment.apps/reviews-v3 restarted');
    const sets = await kubectl(['get', 'rs', '-n', 'bookinfo', '-l', 'app=reviews,version=v3']);
    expect(sets.status).toBe(0);
    const rows = sets.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE/);
    expect(
      rows
        .slice(1)
        .map((r) => r.split(/\s+/).slice(1, 4).join(' '))
        .sort(),
    ).toEqual(['0 0 0', '1 1 1']);
    const history = await kubectl([
      'rollout',
      'history',
      'deployment/reviews-v3',
      '-n',
      'bookinfo',
    ]);
    expect(history.stdout).toMatch(/^1\s/m);
    expect(history.stdout).toMatch(/^2\s/m);
  });

  it('applies and lists a Gateway API HTTPRoute', async () => {
    const route = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, port: 9080}
  hostnames: [reviews]
`;
    const applied = await kubectl(['apply', '--validate=false', '-f', '-'], route);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('httproute.gateway.networking.k8s.io/reviews created');
    const listed = await kubectl(['get', 'httproutes', '-n', 'bookinfo']);
    expect(listed.stdout).toMatch(/^NAME\s+HOSTNAMES\s+AGE\nreviews\s+\["reviews"\]\s+\d+s$/m);
    await kubectl(['delete', 'httproute', 'reviews', '-n', 'bookinfo']);
  });

  it("follows Istio's Gateway API recipe: a Service per version, and an HTTPRoute the traffic obeys", async () => {
    const recipe = `
apiVersion: v1
kind: Service
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  ports: [{port: 9080, name: http}]
  selector: {app: reviews, version: v1}
---
apiVersion: v1
kind: Service
metadata: {name: reviews-v3, namespace: bookinfo}
spec:
  ports: [{port: 9080, name: http}]
  selector: {app: reviews, version: v3}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: bookinfo}
spec:
  parentRefs:
  - {group: "", kind: Service, name: reviews, port: 9080}
  rules:
  - backendRefs:
    - {name: reviews-v1, port: 9080, weight: 0}
    - {name: reviews-v3, port: 9080, weight: 100}
`;
    const applied = await kubectl(['apply', '--validate=false', '-f', '-'], recipe);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('service/reviews-v3 created');
    const services = await kubectl(['get', 'svc', 'reviews-v3', '-n', 'bookinfo']);
    expect(services.stdout).toMatch(/^reviews-v3\s+ClusterIP\s+10\.96\.\d+\.\d+\s/m);

    // From now on every call to reviews goes to reviews-v3 (the demo sends 1 request a second).
    const calls = async (workload: string) => {
      const text = await (await fetch(mesh.metricsUrl)).text();
      const lines = text
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('istio_requests_total{') &&
            l.includes('reporter="destination"') &&
            l.includes(`destination_workload="${workload}"`),
        );
      return lines.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    };
    const before = { v1: await calls('reviews-v1'), v3: await calls('reviews-v3') };
    const deadline = Date.now() + 30_000;
    while ((await calls('reviews-v3')) < before.v3 + 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(await calls('reviews-v3')).toBeGreaterThanOrEqual(before.v3 + 3);
    expect(await calls('reviews-v1')).toBe(before.v1);

    // A Service with no port is refused as a real API server would; deleting works.
    const bad = await kubectl(
      ['apply', '--validate=false', '-f', '-'],
      'apiVersion: v1\nkind: Service\nmetadata: {name: broken, namespace: bookinfo}\nspec: {ports: []}\n',
    );
    expect(bad.stderr).toMatch(/spec\.ports: Required value/);
    const removed = await kubectl(['delete', '-f', '-'], recipe);
    expect(removed.stdout).toContain('service "reviews-v1" deleted');
  });
});
