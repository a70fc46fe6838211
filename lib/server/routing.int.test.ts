import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runToExit } from '../../scripts/lib/processes';
import { KUBECTL, ensureTools } from '../../scripts/lib/system-deps';
import { apiErrorSchema } from '../contracts/api-error';
import {
  routingApplySchema,
  routingConflictSchema,
  routingPreviewSchema,
  routingResponseSchema,
  type RoutingResponse,
} from '../contracts/routing';
import { resourceTypeOf } from '../demo/kube/resources';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient, type KubeClient } from '../kube/client';
import type { RoutingSpec, RoutingWrite } from '../contracts/routing-model';
import { UpstreamError } from '../upstream/errors';
import { applyRouting, type RoutingDeps } from './routing';

/**
 * Routing reads and writes against the demo's Kubernetes API (real client, real HTTP, the
 * API server's resourceVersion semantics), kubectl-applied v1alpha3 objects, forced conflicts
 * and a failing second write.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let mesh: DemoMesh;
let kube: KubeClient;
let routing: { GET: Handler; PUT: Handler };
let preview: Handler;
let kubectlBin: string;
const audit: string[] = [];

beforeAll(async () => {
  kubectlBin = ensureTools([KUBECTL], { autoInstall: false, log: console.log }).kubectl as string;
  mesh = await startDemoMesh({ rate: 50 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    VIEW_ONLY: 'false',
  });
  routing =
    (await import('../../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as typeof routing;
  preview = (
    await import('../../app/api/namespaces/[namespace]/services/[service]/routing/preview/route')
  ).POST as unknown as Handler;
  kube = createKubeClient({
    access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
    timeoutMs: 5000,
  });
});

afterAll(async () => {
  await mesh?.stop();
});

const params = (service: string) => ({
  params: Promise.resolve({ namespace: 'bookinfo', service }),
});
const url = (service: string, suffix = '') =>
  `http://127.0.0.1/api/namespaces/bookinfo/services/${service}/routing${suffix}`;

async function read(service: string): Promise<RoutingResponse> {
  const response = await routing.GET(new Request(url(service)), params(service));
  expect(response.status, await response.clone().text()).toBe(200);
  return routingResponseSchema.parse(await response.json());
}

const send = (handler: Handler, service: string, body: unknown, suffix = '', method = 'PUT') =>
  handler(
    new Request(url(service, suffix), {
      method,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
    params(service),
  );

const writeFor = (current: RoutingResponse, spec: RoutingSpec): RoutingWrite => ({
  base: current.editing,
  routeKind: current.routeKind,
  spec,
});
const subsets = (...versions: string[]) =>
  versions.map((v) => ({ name: v, labels: { version: v } }));
const only = (subset: string): RoutingSpec['http'] => [
  { match: [], destinations: [{ host: 'reviews', subset, weight: 100 }] },
];

/** The reviews workloads the demo's newest traces went to. */
async function recentReviewsTargets(): Promise<Set<string>> {
  await new Promise((r) => setTimeout(r, 600));
  const since = (Date.now() - 300) * 1000;
  const traces = mesh.traces.search({
    service: 'reviews.bookinfo',
    startUs: since,
    endUs: Infinity,
    limit: 50,
  });
  return new Set(
    traces
      .flat()
      .filter((s) => s.service === 'reviews.bookinfo' && s.kind === 'server')
      .map((s) =>
        String(s.resource.find((a) => a.key === 'hostname')?.value).replace(
          /-[a-z0-9]+-[a-z0-9]+$/,
          '',
        ),
      ),
  );
}

describe('routing API over the demo Kubernetes API', () => {
  it('reads a service without routing: workloads and their versions, nothing to edit', async () => {
    const r = await read('reviews');
    expect(r).toMatchObject({
      namespace: 'bookinfo',
      service: 'reviews',
      istioVersion: 'v1',
      viewOnly: false,
      virtualServices: [],
      destinationRules: [],
      editing: {},
    });
    expect(r.spec).toEqual({ http: [], tcp: [], subsets: [] });
    // Which cluster the editor writes to: the API server it was given (no kubeconfig context).
    expect(r.cluster).toEqual({ server: `${new URL(mesh.kubeUrl).origin}/` });
    expect(r.workloads.map((w) => `${w.name}:${w.labels.version}`)).toEqual([
      'reviews-v1:v1',
      'reviews-v2:v2',
      'reviews-v3:v3',
    ]);
  });

  it('creates a DestinationRule then a VirtualService, and the demo sends reviews traffic only to v3', async () => {
    const before = await read('reviews');
    const response = await send(
      routing.PUT,
      'reviews',
      writeFor(before, { http: only('v3'), tcp: [], subsets: subsets('v1', 'v2', 'v3') }),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const result = routingApplySchema.parse(await response.json());
    expect(result.applied.map((a) => `${a.action} ${a.kind}`)).toEqual([
      'create DestinationRule',
      'create VirtualService',
    ]);
    expect(result.routing.spec.http[0]?.destinations).toEqual([
      { host: 'reviews', subset: 'v3', weight: 100 },
    ]);
    expect(result.routing.validations).toEqual([]);
    // The API server records the write as Meshlens', with its time: what the Delay view cites.
    const written = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
    expect(written.metadata.changed?.by).toBe('meshlens');
    // …and who, on the object itself: this server's own credentials here.
    expect(written.metadata.annotations['meshlens.dev/changed-by']).toBe(
      'meshlens (own credentials)',
    );
    expect(written.metadata.changed?.actor).toBe('meshlens (own credentials)');
    expect(Math.abs((written.metadata.changed?.atSec ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect(await recentReviewsTargets()).toEqual(new Set(['reviews-v3']));
    const metrics = (await import('../../app/api/metrics/route')).GET;
    const exposition = await (await metrics()).text();
    expect(exposition).toMatch(
      /meshlens_routing_writes_total\{kind="DestinationRule",action="create",outcome="ok"\} 1\b/,
    );
    expect(exposition).toMatch(
      /meshlens_routing_writes_total\{kind="VirtualService",action="create",outcome="ok"\} 1\b/,
    );
  });

  it('keeps the labels and annotations other tools put on the objects', async () => {
    // What kubectl apply and a GitOps controller leave on a VirtualService.
    const marked = await fetch(
      `${mesh.kubeUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews?fieldManager=argocd`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: {
            labels: { 'argocd.argoproj.io/instance': 'bookinfo' },
            annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"x"}' },
          },
        }),
      },
    );
    expect(marked.status).toBe(200);
    // A label is no routing change: the last change is still Meshlens' write of the spec.
    expect(
      (await kube.getRouting('VirtualService', 'bookinfo', 'reviews')).metadata.changed,
    ).toMatchObject({ by: 'meshlens' });
    const before = await read('reviews');
    const response = await send(
      routing.PUT,
      'reviews',
      writeFor(before, { ...before.spec, http: only('v2') }),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const { metadata } = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
    expect(metadata.labels).toEqual({ 'argocd.argoproj.io/instance': 'bookinfo' });
    expect(metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"x"}',
      'meshlens.dev/changed-by': 'meshlens (own credentials)',
    });
    expect(metadata.changed).toMatchObject({ by: 'meshlens', actor: 'meshlens (own credentials)' });
  });

  it('previews a weight change as a YAML diff with a passing dry run, writing nothing', async () => {
    const current = await read('reviews');
    const spec: RoutingSpec = {
      ...current.spec,
      http: [
        {
          match: [],
          destinations: [
            { host: 'reviews', subset: 'v1', weight: 50 },
            { host: 'reviews', subset: 'v3', weight: 50 },
          ],
        },
      ],
    };
    const response = await send(preview, 'reviews', writeFor(current, spec), '/preview', 'POST');
    expect(response.status).toBe(200);
    const p = routingPreviewSchema.parse(await response.json());
    expect(p.dryRun).toEqual({ ok: true });
    expect(p.steps.map((s) => `${s.action} ${s.kind} ${s.name}`)).toEqual([
      'replace VirtualService reviews',
    ]);
    const added = p.steps[0]?.diff.filter((l) => l.kind === 'added').map((l) => l.text.trim());
    expect(added).toEqual(expect.arrayContaining(['subset: v1', 'weight: 50']));
    expect((await read('reviews')).editing).toEqual(current.editing);
  });

  it('never overwrites a change made since the edit was loaded: 409 with the current version', async () => {
    const loaded = await read('reviews');
    // Someone else routes half the traffic to v2 meanwhile (through the API server, as kubectl would).
    const theirs = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
    await kube.replaceRouting({
      kind: 'VirtualService',
      metadata: {
        name: 'reviews',
        namespace: 'bookinfo',
        resourceVersion: theirs.metadata.resourceVersion,
      },
      spec: {
        ...theirs.spec,
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v2' }, weight: 50 },
              { destination: { host: 'reviews', subset: 'v3' }, weight: 50 },
            ],
          },
        ],
      },
    });
    const response = await send(
      routing.PUT,
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: only('v1') }),
    );
    expect(response.status).toBe(409);
    const body = routingConflictSchema.parse(await response.json());
    expect(body.conflict).toMatchObject({
      kind: 'VirtualService',
      name: 'reviews',
      expectedResourceVersion: loaded.editing.virtualService?.resourceVersion,
    });
    expect(body.conflict.currentResourceVersion).not.toBe(
      loaded.editing.virtualService?.resourceVersion,
    );
    expect(
      body.conflict.diff.some((l) => l.kind === 'removed' && l.text.includes('subset: v2')),
    ).toBe(true);
    expect(body.error.message).toMatch(/changed since you loaded it .* Nothing was written/);
    // Their change is intact.
    expect((await read('reviews')).spec.http[0]?.destinations.map((d) => d.subset)).toEqual([
      'v2',
      'v3',
    ]);
  });

  it('treats a write that loses the race with the API server as the same conflict', async () => {
    const loaded = await read('reviews');
    const racing: KubeClient = {
      ...kube,
      replaceRouting: async (object, options) => {
        if (!options?.dryRun) {
          const now = await kube.getRouting(object.kind, 'bookinfo', object.metadata.name);
          await kube.replaceRouting({
            kind: object.kind,
            metadata: {
              ...object.metadata,
              resourceVersion: now.metadata.resourceVersion,
              labels: { touched: 'yes' },
            },
            spec: now.spec,
          });
        }
        return kube.replaceRouting(object, options);
      },
    };
    const deps: RoutingDeps = {
      kube: racing,
      viewOnly: false,
      actor: 'test',
      audit: (l) => audit.push(l),
    };
    const error = await applyRouting(
      deps,
      'bookinfo',
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: only('v1') }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RoutingConflictError' });
    expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({
      event: 'routing.write',
      actor: 'test',
      kind: 'VirtualService',
      action: 'replace',
      outcome: 'conflict',
    });
  });

  it('reports a change seen during the dry run as a conflict (409), not a rejection (422)', async () => {
    const loaded = await read('reviews');
    const racing: KubeClient = {
      ...kube,
      replaceRouting: async (object, options) => {
        if (options?.dryRun) {
          // Someone edits the object between our read and our dry run.
          const now = await kube.getRouting(object.kind, 'bookinfo', object.metadata.name);
          await kube.replaceRouting({
            kind: object.kind,
            metadata: { ...object.metadata, resourceVersion: now.metadata.resourceVersion },
            spec: now.spec,
          });
        }
        return kube.replaceRouting(object, options);
      },
    };
    const error = await applyRouting(
      { kube: racing, viewOnly: false, actor: 'test', audit: () => undefined },
      'bookinfo',
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: only('v2') }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RoutingConflictError' });
  });

  it('ten parallel writes on one base: exactly one wins, every other gets a 409 with the diff', async () => {
    const loaded = await read('reviews');
    const responses = await Promise.all(
      ['v1', 'v2', 'v3', 'v1', 'v2', 'v3', 'v1', 'v2', 'v3', 'v1'].map((v) =>
        send(routing.PUT, 'reviews', writeFor(loaded, { ...loaded.spec, http: only(v) })),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      const body = routingConflictSchema.parse(await response.json());
      expect(body.conflict.currentResourceVersion).toBeDefined();
    }
  });

  it('an edit of one object of the pair still loses to a concurrent change of the other', async () => {
    const loaded = await read('reviews');
    const drBefore = await kube.getRouting('DestinationRule', 'bookinfo', 'reviews');
    // While we write the DestinationRule, someone rewrites the VirtualService we leave alone.
    const racing: KubeClient = {
      ...kube,
      replaceRouting: async (object, options) => {
        if (!options?.dryRun && object.kind === 'DestinationRule') {
          const vs = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
          await kube.replaceRouting({
            kind: 'VirtualService',
            metadata: { ...vs.metadata, labels: { touched: 'by-someone' } },
            spec: vs.spec,
          });
        }
        return kube.replaceRouting(object, options);
      },
    };
    const error = await applyRouting(
      { kube: racing, viewOnly: false, actor: 'test', audit: () => undefined },
      'bookinfo',
      'reviews',
      // Only the DestinationRule changes: a load-balancing policy.
      writeFor(loaded, {
        ...loaded.spec,
        trafficPolicy: { loadBalancer: { simple: 'RANDOM' } },
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RoutingConflictError' });
    // Our DestinationRule write was undone: same spec as before the race.
    expect((await kube.getRouting('DestinationRule', 'bookinfo', 'reviews')).spec).toEqual(
      drBefore.spec,
    );
  });

  it('races API writers against kubectl: one winner per base, losers 409, VS and DR agree at rest', async () => {
    for (let round = 0; round < 3; round += 1) {
      const loaded = await read('reviews');
      const base = loaded.editing.virtualService?.resourceVersion;
      // Each API writer changes both objects: its own subset set and a route to one of them.
      const writers = ['v1', 'v2', 'v3', 'v1', 'v2', 'v3'].map((v, i) =>
        send(
          routing.PUT,
          'reviews',
          writeFor(loaded, {
            ...loaded.spec,
            subsets: subsets(...new Set([v, ...(i % 2 ? ['v3'] : [])])),
            http: only(v),
          }),
        ),
      );
      // Meanwhile kubectl replaces the VirtualService from the same base.
      const current = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
      const manifest = JSON.stringify({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: base },
        spec: { ...current.spec, hosts: ['reviews'], http: only('v1') },
      });
      const kubectl = runToExit(
        kubectlBin,
        ['--server', mesh.kubeUrl, 'replace', '--validate=false', '-f', '-'],
        { input: manifest, env: { ...process.env, KUBECONFIG: '/dev/null' } },
      );
      const [responses, replaced] = await Promise.all([Promise.all(writers), kubectl]);
      const applied = await Promise.all(
        responses
          .filter((r) => r.status === 200)
          .map(async (r) => routingApplySchema.parse(await r.json()).applied.length),
      );
      // One winner per base version, among API writers and kubectl together (a writer whose
      // edit changed nothing wrote nothing: 200 with nothing applied).
      const winners = applied.filter((n) => n > 0);
      expect(winners.length + (replaced.code === 0 ? 1 : 0), `round ${round}`).toBe(1);
      for (const loser of responses.filter((r) => r.status !== 200)) {
        expect(loser.status, await loser.clone().text()).toBe(409);
        routingConflictSchema.parse(await loser.json());
      }
      // When Meshlens won, every subset its VirtualService routes to is defined by its
      // DestinationRule at rest (kubectl's VirtualService is the user's own business).
      if (winners.length === 0) continue;
      const now = await read('reviews');
      const defined = new Set(now.spec.subsets.map((s) => s.name));
      for (const route of now.spec.http)
        for (const d of route.destinations) if (d.subset) expect(defined).toContain(d.subset);
    }
  });

  it('undoes the first write when the second fails, and says so', async () => {
    const loaded = await read('reviews');
    const drBefore = await kube.getRouting('DestinationRule', 'bookinfo', 'reviews');
    const failing: KubeClient = {
      ...kube,
      replaceRouting: async (object, options) => {
        if (object.kind === 'VirtualService' && !options?.dryRun)
          throw new UpstreamError('Internal error: etcd is on fire', {
            upstream: 'kubernetes',
            kind: 'http',
            url: mesh.kubeUrl,
            status: 500,
          });
        return kube.replaceRouting(object, options);
      },
    };
    const deps: RoutingDeps = {
      kube: failing,
      viewOnly: false,
      actor: 'test',
      audit: (l) => audit.push(l),
    };
    // Adds subset v4 (DestinationRule first), routes to it (VirtualService: fails).
    const spec: RoutingSpec = {
      ...loaded.spec,
      subsets: [...loaded.spec.subsets, { name: 'v4', labels: { version: 'v3' } }],
      http: only('v4'),
    };
    const error = await applyRouting(deps, 'bookinfo', 'reviews', writeFor(loaded, spec)).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(
      /Kubernetes API: Internal error: etcd is on fire \(writing VirtualService reviews, step 2 of 2\)\. The 1 earlier write was undone; nothing is changed\./,
    );
    const drAfter = await kube.getRouting('DestinationRule', 'bookinfo', 'reviews');
    expect(drAfter.spec).toEqual(drBefore.spec);
    // Undone whole: its labels and annotations as they were read, Meshlens' mark included.
    expect(drAfter.metadata.labels).toEqual(drBefore.metadata.labels);
    expect(drAfter.metadata.annotations).toEqual(drBefore.metadata.annotations);
    expect(audit.slice(-3).map((l) => JSON.parse(l).action + ':' + JSON.parse(l).outcome)).toEqual([
      'replace:ok',
      'replace:error',
      'rollback:ok',
    ]);
  });

  it('refuses invalid routing (422), malformed bodies (400) and shows a dry-run rejection verbatim', async () => {
    const loaded = await read('reviews');
    const invalid = await send(
      routing.PUT,
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: only('v9') }),
    );
    expect(invalid.status).toBe(422);
    expect(apiErrorSchema.parse(await invalid.json()).error.message).toMatch(
      /subset v9 is not defined .* Nothing was written\./,
    );
    for (const body of [
      '{not json',
      {
        base: {},
        spec: { http: [{ destinations: [{ host: 'reviews', weight: -5 }] }], subsets: [] },
      },
    ]) {
      const bad = await send(routing.PUT, 'reviews', body);
      expect(bad.status).toBe(400);
      expect(apiErrorSchema.parse(await bad.json()).error.message).toMatch(/^body/);
    }
    const before = mesh.store.currentRevision();
    // A subset label Kubernetes would refuse: 400 before any dry run.
    const label = await send(
      routing.PUT,
      'reviews',
      writeFor(loaded, { ...loaded.spec, subsets: [{ name: 'v1', labels: { version: 'v 1' } }] }),
    );
    expect(label.status).toBe(400);
    expect(apiErrorSchema.parse(await label.json()).error.message).toMatch(/a label value/);
    // Over our 1 MiB limit: 413 with the limit, announced or not.
    const huge = JSON.stringify({ ...writeFor(loaded, loaded.spec), pad: 'x'.repeat(1_100_000) });
    const tooLarge = await send(routing.PUT, 'reviews', huge);
    expect(tooLarge.status).toBe(413);
    expect(apiErrorSchema.parse(await tooLarge.json()).error.message).toBe(
      'body: larger than the limit of 1048576 bytes',
    );
    // Not JSON by its Content-Type: 415.
    const text = await routing.PUT(
      new Request(url('reviews'), {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(writeFor(loaded, loaded.spec)),
      }),
      params('reviews'),
    );
    expect(text.status).toBe(415);
    expect(mesh.store.currentRevision()).toBe(before);
    // A DestinationRule stored with a bad duration we do not model: our edit keeps it, the API server refuses.
    mesh.store.seed(resourceTypeOf('DestinationRule'), {
      metadata: { name: 'ratings', namespace: 'bookinfo' },
      spec: {
        host: 'ratings',
        trafficPolicy: { outlierDetection: { interval: 'soon' } },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      },
    });
    const ratings = await read('ratings');
    const response = await send(
      preview,
      'ratings',
      writeFor(ratings, {
        ...ratings.spec,
        subsets: [...ratings.spec.subsets, { name: 'v2', labels: { version: 'v2' } }],
      }),
      '/preview',
      'POST',
    );
    const p = routingPreviewSchema.parse(await response.json());
    expect(p.dryRun).toMatchObject({ ok: false, kind: 'DestinationRule', name: 'ratings' });
    expect(p.dryRun.ok === false && p.dryRun.message).toMatch(
      /spec\.trafficPolicy\.outlierDetection\.interval: must be a duration/,
    );
  });

  it('reads objects kubectl applied at v1alpha3', async () => {
    const yaml = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: details, namespace: bookinfo}
spec:
  hosts: [details.bookinfo.svc.cluster.local]
  http:
  - match: [{headers: {end-user: {exact: jason}}}]
    fault: {delay: {fixedDelay: 2s, percentage: {value: 100}}}
    route: [{destination: {host: details}}]
  - route: [{destination: {host: details}}]
`;
    const { code, stderr } = await runToExit(
      kubectlBin,
      ['--server', mesh.kubeUrl, 'apply', '--validate=false', '-f', '-'],
      { env: { ...process.env, KUBECONFIG: '/dev/null' }, input: yaml, timeoutMs: 30_000 },
    );
    expect(code, stderr).toBe(0);
    const r = await read('details');
    expect(r.virtualServices.map((v) => v.name)).toEqual(['details']);
    expect(r.spec.http).toEqual([
      {
        source: 0,
        match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
        destinations: [{ host: 'details', weight: 100 }],
        fault: { delay: { fixedDelayMs: 2000, percent: 100 } },
      },
      { source: 1, match: [], destinations: [{ host: 'details', weight: 100 }] },
    ]);
  });

  it('writes nothing in view-only mode (403)', async () => {
    const loaded = await read('reviews');
    const deps: RoutingDeps = { kube, viewOnly: true, actor: 'test', audit: () => undefined };
    const error = await applyRouting(
      deps,
      'bookinfo',
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: only('v1') }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RoutingRejectedError', status: 403 });
    expect((await read('reviews')).editing).toEqual(loaded.editing);
  });
});

describe('routing with a Gateway API HTTPRoute (GAMMA)', () => {
  const core = (path: string, init: RequestInit = {}) =>
    fetch(`${mesh.kubeUrl}/api/v1/namespaces/bookinfo/services${path}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
    });
  /** Istio's Gateway API recipe: one Service per version to route to. */
  const versionService = (version: string) =>
    core('', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: `reviews-${version}` },
        spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'reviews', version } },
      }),
    });
  const toServices = (...weights: [string, number][]): RoutingSpec['http'] => [
    { match: [], destinations: weights.map(([host, weight]) => ({ host, weight })) },
  ];

  it('creates an HTTPRoute attached to the service, which the traffic obeys before the VirtualService', async () => {
    for (const version of ['v1', 'v2']) expect((await versionService(version)).status).toBe(201);
    // The VirtualService first sends everything to v1.
    const start = await read('reviews');
    expect(start).toMatchObject({
      routeKind: 'VirtualService',
      gatewayApiVersion: 'v1',
      httpRoutes: [],
    });
    expect(
      (
        await send(
          routing.PUT,
          'reviews',
          writeFor(start, { ...start.spec, http: only('v1'), subsets: subsets('v1', 'v2', 'v3') }),
        )
      ).status,
    ).toBe(200);
    expect(await recentReviewsTargets()).toEqual(new Set(['reviews-v1']));

    const loaded = await read('reviews');
    const write: RoutingWrite = {
      base: loaded.editing,
      routeKind: 'HTTPRoute',
      spec: { ...loaded.spec, http: toServices(['reviews-v1', 0], ['reviews-v2', 100]), tcp: [] },
    };
    const previewed = routingPreviewSchema.parse(
      await (await send(preview, 'reviews', write, '/preview', 'POST')).json(),
    );
    expect(previewed.steps.map((s) => `${s.action} ${s.kind} ${s.name}`)).toEqual([
      'create HTTPRoute reviews',
    ]);
    expect(previewed.dryRun).toEqual({ ok: true });
    expect(previewed.steps[0]?.diff.map((l) => l.text.trim())).toContain('kind: Service');

    const response = await send(routing.PUT, 'reviews', write);
    expect(response.status, await response.clone().text()).toBe(200);
    const result = routingApplySchema.parse(await response.json());
    expect(result.applied.map((a) => `${a.action} ${a.kind}`)).toEqual(['create HTTPRoute']);
    expect(result.routing).toMatchObject({
      routeKind: 'HTTPRoute',
      httpRoutes: [{ name: 'reviews' }],
      editing: { httpRoute: { name: 'reviews' } },
    });
    expect(result.routing.spec.http[0]?.destinations).toEqual([
      { host: 'reviews-v1', port: 9080, weight: 0 },
      { host: 'reviews-v2', port: 9080, weight: 100 },
    ]);
    // Both route reviews: the editor says which one Istio uses.
    expect(result.routing.validations.map((v) => v.message).join(' ')).toMatch(
      /Both VirtualService reviews and HTTPRoute reviews route this service\. Istio’s proxies in bookinfo use the HTTPRoute/,
    );
    const stored = await kube.getRouting('HTTPRoute', 'bookinfo', 'reviews');
    expect(stored.spec.parentRefs).toEqual([
      { group: '', kind: 'Service', name: 'reviews', port: 9080 },
    ]);
    expect(stored.metadata.annotations['meshlens.dev/changed-by']).toBe(
      'meshlens (own credentials)',
    );
    // productpage is in bookinfo, with the HTTPRoute: it comes first.
    expect(await recentReviewsTargets()).toEqual(new Set(['reviews-v2']));
  });

  it('refuses what an HTTPRoute cannot say, and routes kept elsewhere, writing nothing', async () => {
    const loaded = await read('reviews');
    const subset = await send(routing.PUT, 'reviews', {
      ...writeFor(loaded, loaded.spec),
      spec: { ...loaded.spec, http: only('v3') },
    });
    expect(subset.status).toBe(422);
    expect(apiErrorSchema.parse(await subset.json()).error.message).toMatch(
      /HTTPRoute routes to Services, not subsets: route to a Service of version v3 \(for example reviews-v3\)/,
    );
    const elsewhere = await send(routing.PUT, 'reviews', {
      ...writeFor(loaded, loaded.spec),
      routeKind: 'VirtualService',
    });
    expect(elsewhere.status).toBe(422);
    expect(apiErrorSchema.parse(await elsewhere.json()).error.message).toMatch(
      /routes of reviews are in HTTPRoute reviews: edit them there/,
    );
    expect((await read('reviews')).editing).toEqual(loaded.editing);
  });

  it('never overwrites a change made to the HTTPRoute since it was loaded (409)', async () => {
    const loaded = await read('reviews');
    const theirs = await kube.getRouting('HTTPRoute', 'bookinfo', 'reviews');
    await kube.replaceRouting({
      kind: 'HTTPRoute',
      metadata: {
        name: 'reviews',
        namespace: 'bookinfo',
        resourceVersion: theirs.metadata.resourceVersion,
      },
      spec: { ...theirs.spec, rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }] },
    });
    const response = await send(
      routing.PUT,
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: toServices(['reviews-v2', 100]) }),
    );
    expect(response.status).toBe(409);
    const body = routingConflictSchema.parse(await response.json());
    expect(body.conflict).toMatchObject({ kind: 'HTTPRoute', name: 'reviews' });
    expect(
      body.conflict.diff.some((l) => l.kind === 'removed' && l.text.includes('reviews-v1')),
    ).toBe(true);
  });

  it('edits a route from a gateway to the service (north–south), keeping its other rules', async () => {
    const gateway = await kube.createRouting({
      kind: 'HTTPRoute',
      metadata: { name: 'bookinfo', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ name: 'bookinfo-gateway' }],
        hostnames: ['bookinfo.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'Exact', value: '/productpage' } }],
            backendRefs: [{ name: 'productpage', port: 9080 }],
          },
          {
            matches: [{ path: { type: 'PathPrefix', value: '/reviews' } }],
            backendRefs: [{ name: 'reviews-v1', port: 9080 }],
          },
        ],
      },
    });
    const own = await read('reviews');
    expect(own.editingRoute?.name).toBe('reviews');
    expect(own.gatewayRoutes).toEqual([
      expect.objectContaining({
        name: 'bookinfo',
        gateways: ['bookinfo/bookinfo-gateway'],
        hosts: ['bookinfo.example.com'],
      }),
    ]);

    const path = `${url('reviews')}?httpRoute=bookinfo`;
    const response = await routing.GET(new Request(path), params('reviews'));
    expect(response.status).toBe(200);
    const loaded = routingResponseSchema.parse(await response.json());
    expect(loaded).toMatchObject({
      routeKind: 'HTTPRoute',
      editing: { httpRoute: { name: 'bookinfo' } },
      editingRoute: { name: 'bookinfo', attachedTo: ['Gateway bookinfo/bookinfo-gateway'] },
    });
    expect(loaded.spec.http.map((r) => r.destinations.map((d) => d.host))).toEqual([
      ['productpage'],
      ['reviews-v1'],
    ]);

    // The canary for reviews at the gateway: half to v2. The productpage rule stays as it was.
    const http = loaded.spec.http.map((r, i) =>
      i === 1
        ? {
            ...r,
            destinations: [
              { host: 'reviews-v1', port: 9080, weight: 50 },
              { host: 'reviews-v2', port: 9080, weight: 50 },
            ],
          }
        : r,
    );
    const put = await send(routing.PUT, 'reviews', writeFor(loaded, { ...loaded.spec, http }));
    expect(put.status, await put.clone().text()).toBe(200);
    const applied = routingApplySchema.parse(await put.json());
    expect(applied.applied.map((a) => `${a.action} ${a.kind} ${a.name}`)).toEqual([
      'replace HTTPRoute bookinfo',
    ]);
    expect(applied.routing.editingRoute?.name).toBe('bookinfo');
    const stored = await kube.getRouting('HTTPRoute', 'bookinfo', 'bookinfo');
    expect(stored.spec.parentRefs).toEqual(gateway.spec.parentRefs);
    expect(stored.spec.hostnames).toEqual(['bookinfo.example.com']);
    expect((stored.spec.rules as unknown[])[0]).toEqual((gateway.spec.rules as unknown[])[0]);
    expect((stored.spec.rules as { backendRefs: unknown[] }[])[1]?.backendRefs).toEqual([
      { name: 'reviews-v1', port: 9080, weight: 50 },
      { name: 'reviews-v2', port: 9080, weight: 50 },
    ]);

    // Emptying a gateway's route from one service's page would take its other paths with it.
    const again = await send(
      routing.PUT,
      'reviews',
      writeFor(applied.routing, { ...applied.routing.spec, http: [] }),
    );
    expect(again.status).toBe(422);
    expect(apiErrorSchema.parse(await again.json()).error.message).toMatch(
      /HTTPRoute bookinfo is attached to Gateway bookinfo\/bookinfo-gateway and may route other services/,
    );
    const missing = await routing.GET(
      new Request(`${url('reviews')}?httpRoute=nope`),
      params('reviews'),
    );
    expect(missing.status).toBe(404);
    const bad = await routing.GET(
      new Request(`${url('reviews')}?httpRoute=Not_A_Name`),
      params('reviews'),
    );
    expect(bad.status).toBe(400);
    await kube.deleteRouting('HTTPRoute', 'bookinfo', 'bookinfo');
  });

  it('makes the demo’s ingress gateway follow the routes attached to its Gateway', async () => {
    /** The gateway's requests so far, as its proxy reported them, by response code and flags. */
    const gatewayRequests = async (code: string, flags: string): Promise<number> =>
      (await (await fetch(mesh.metricsUrl)).text())
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('istio_requests_total{') &&
            line.includes('reporter="source"') &&
            line.includes('source_workload="istio-ingressgateway"') &&
            line.includes(`response_code="${code}"`) &&
            line.includes(`response_flags="${flags}"`),
        )
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    const grows = async (code: string, flags: string): Promise<boolean> => {
      const before = await gatewayRequests(code, flags);
      await new Promise((r) => setTimeout(r, 600));
      return (await gatewayRequests(code, flags)) > before;
    };
    // A route for the API only: the gateway's requests (/productpage) match no rule, 404 NR.
    await kube.createRouting({
      kind: 'HTTPRoute',
      metadata: { name: 'entrance', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ name: 'bookinfo-gateway' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api/v1/products' } }],
            backendRefs: [{ name: 'productpage', port: 9080 }],
          },
        ],
      },
    });
    expect(await grows('404', 'NR')).toBe(true);
    expect(await grows('200', '-')).toBe(false);
    // The sample's /productpage rule added: served again.
    const route = await kube.getRouting('HTTPRoute', 'bookinfo', 'entrance');
    await kube.replaceRouting({
      ...route,
      spec: {
        ...route.spec,
        rules: [
          ...(route.spec.rules as unknown[]),
          {
            matches: [{ path: { type: 'Exact', value: '/productpage' } }],
            backendRefs: [{ name: 'productpage', port: 9080 }],
          },
        ],
      },
    });
    expect(await grows('200', '-')).toBe(true);
    expect(await grows('404', 'NR')).toBe(false);
    await kube.deleteRouting('HTTPRoute', 'bookinfo', 'entrance');
  });

  it('removes the HTTPRoute, and the VirtualService routes again', async () => {
    const loaded = await read('reviews');
    const response = await send(
      routing.PUT,
      'reviews',
      writeFor(loaded, { ...loaded.spec, http: [] }),
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const result = routingApplySchema.parse(await response.json());
    expect(result.applied.map((a) => `${a.action} ${a.kind}`)).toEqual(['delete HTTPRoute']);
    expect(result.routing).toMatchObject({ routeKind: 'VirtualService', httpRoutes: [] });
    expect(await recentReviewsTargets()).toEqual(new Set(['reviews-v1']));
    for (const version of ['v1', 'v2'])
      expect((await core(`/reviews-${version}`, { method: 'DELETE' })).status).toBe(200);
  });
});
