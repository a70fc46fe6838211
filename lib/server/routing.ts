import 'server-only';
import { dumpYaml } from '@kubernetes/client-node';
import type {
  RoutingApply,
  RoutingConflict,
  RoutingPreview,
  RoutingResponse,
} from '../contracts/routing';
import { listServedHttpRoutes, type KubeClient } from '../kube/client';
import {
  CHANGED_BY_ANNOTATION,
  type RoutingKind,
  type RoutingResource,
  type RoutingResourceInput,
} from '../kube/types';
import { readRouting, writeRouting } from '../routing/convert';
import { diffLines } from '../routing/diff';
import {
  attachedToService,
  gatewayApiProblems,
  gatewayParents,
  readHttpRouteRules,
  routeInEffect,
  routesToServices,
  writeHttpRouteSpec,
  type RouteAge,
} from '../routing/gateway-api';
import { objectHosts, objectSelects } from '../routing/hosts';
import { effectiveMtls } from '../routing/mtls';
import type { RoutingSpec, RoutingWrite } from '../contracts/routing-model';
import { inverseStep, planWrites, type PlanStep, type RouteKind } from '../routing/plan';
import {
  validateRouting,
  type RoutingValidation,
  type ValidationContext,
} from '../routing/validate';
import { UpstreamError, isUpstreamError, redactUrl } from '../upstream/errors';
import { configKey } from '../validations/checks';
import { servicesOfObject } from '../validations/services';
import { sharedMeshValidation, type MeshValidation } from './istio-config';
import { forgetMeshObjects } from './mesh-objects';
import { getMetrics } from './metrics';
import { NotFoundError } from './route';

type Obj = Record<string, unknown>;

export interface RoutingDeps {
  kube: KubeClient;
  /** The mesh's name of the cluster `kube` reaches (KUBE_CLUSTERS), when it has one. */
  clusterName?: string;
  viewOnly: boolean;
  /** Who is writing, for the audit log (the auth issue fills it in). */
  actor: string;
  /** One JSON line per write; stdout in production. */
  audit: (line: string) => void;
}

/** The routing of a service could not be written because someone else changed it first. */
export class RoutingConflictError extends Error {
  constructor(readonly body: RoutingConflict) {
    super(body.error.message);
    this.name = 'RoutingConflictError';
  }
}

/** A write the server refused to make: validation errors, a dry-run rejection, view-only mode. */
export class RoutingRejectedError extends Error {
  constructor(
    message: string,
    readonly status: 403 | 422,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'RoutingRejectedError';
  }
}

const yaml = (spec: Obj | undefined): string => (spec ? dumpYaml(spec) : '');
const byName = (a: RoutingResource, b: RoutingResource) =>
  a.metadata.name.localeCompare(b.metadata.name);

interface Loaded {
  response: RoutingResponse;
  virtualService: RoutingResource | undefined;
  destinationRule: RoutingResource | undefined;
  /** The HTTPRoute attached to the service (the oldest, when several are). */
  httpRoute: RoutingResource | undefined;
  /** Every HTTPRoute attached to the service, oldest first. */
  httpRoutes: RoutingResource[];
  /** The port a new HTTPRoute attaches to and routes to: the service's first. */
  port: number;
}

/** The oldest first, then by name: which of several HTTPRoutes the Gateway API applies. */
const byAge = (a: RoutingResource, b: RoutingResource) =>
  (a.metadata.createdSec ?? Infinity) - (b.metadata.createdSec ?? Infinity) || byName(a, b);

/**
 * Reads everything the editor needs about one service's routing. `httpRoute` names an
 * HTTPRoute to edit instead of the one attached to the service: one attached to a Gateway whose
 * rules reach the service (north–south). `strict` makes a name that is not such a route a 404;
 * otherwise (a write's base) it is not loaded, and the write meets a conflict.
 */
async function load(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  signal?: AbortSignal,
  chosen: { httpRoute?: string; strict?: boolean } = {},
): Promise<Loaded> {
  const { kube } = deps;
  const [
    services,
    deployments,
    virtualServices,
    destinationRules,
    gatewayApi,
    version,
    peerAuthentications,
    canEdit,
    configChecks,
  ] = await Promise.all([
    kube.listServices(namespace, { signal }),
    kube.listDeployments(namespace, { signal }),
    kube.listRouting('VirtualService', namespace, { signal }),
    kube.listRouting('DestinationRule', namespace, { signal }),
    listServedHttpRoutes(kube, namespace, { signal }),
    kube.istioNetworkingVersion({ signal }),
    // Shown beside the TLS setting; its absence must not stop the editor.
    kube.listPeerAuthentications(undefined, { signal }).catch(() => undefined),
    // RBAC decides which controls the editor shows; the API server still checks each write.
    Promise.all(
      (
        [
          ['networking.istio.io', 'virtualservices'],
          ['networking.istio.io', 'destinationrules'],
          ['gateway.networking.k8s.io', 'httproutes'],
        ] as const
      ).map(([group, resource]) =>
        Promise.all(
          (['create', 'update', 'delete'] as const).map((verb) =>
            kube.canI({ verb, group, resource, namespace }, { signal }),
          ),
        ).then(
          (answers) => answers.every(Boolean),
          () => true,
        ),
      ),
    ).then(([virtualServices = true, destinationRules = true, httpRoutes = true]) => ({
      virtualServices,
      destinationRules,
      httpRoutes,
    })),
    // Checks across the mesh's objects (shared, read at most every 10 s); none if unreadable.
    sharedMeshValidation(kube).then(
      (read) => configChecksOf(read, namespace, service),
      () => [],
    ),
  ]);
  const svc = services.find((s) => s.name === service);
  if (!svc)
    throw new NotFoundError(`Kubernetes API: no service ${service} in namespace ${namespace}`);
  const selects = (labels: Record<string, string>) =>
    Object.keys(svc.selector).length > 0 &&
    Object.entries(svc.selector).every(([k, v]) => labels[k] === v);
  const workloads = deployments
    .filter((d) => selects(d.templateLabels))
    .map((d) => ({
      name: d.name,
      labels: { ...d.templateLabels },
      readyReplicas: d.availableReplicas,
    }));
  const covers = (o: RoutingResource) => objectSelects(o, service, namespace);
  const vss = virtualServices.filter(covers).sort(byName);
  const drs = destinationRules.filter(covers).sort(byName);
  const routes = gatewayApi.routes
    .filter((r) => attachedToService(r, service, namespace))
    .sort(byAge);
  // Routes from gateways: to the service, or to one of its version Services (`reviews-v2`).
  const reached = new Set([
    service,
    ...services.map((s) => s.name).filter((n) => n.startsWith(`${service}-`)),
  ]);
  const gatewayRoutes = gatewayApi.routes
    .filter((r) => gatewayParents(r).length > 0 && routesToServices(r, reached, namespace))
    .sort(byName);
  const named = chosen.httpRoute
    ? [...routes, ...gatewayRoutes].find((r) => r.metadata.name === chosen.httpRoute)
    : undefined;
  if (chosen.httpRoute && !named && chosen.strict)
    throw new NotFoundError(
      `Kubernetes API: no HTTPRoute ${chosen.httpRoute} in namespace ${namespace} routes ${service} (attached to it, or from a Gateway to it)`,
    );
  const [vs] = vss;
  const [dr] = drs;
  const httpRoute = named ?? routes[0];
  const routeKind = httpRoute ? 'HTTPRoute' : 'VirtualService';
  const spec = readSpec(routeKind, { vs, dr, httpRoute }, namespace);
  const summary = (o: RoutingResource) => ({
    name: o.metadata.name,
    resourceVersion: o.metadata.resourceVersion,
    hosts:
      o.kind === 'HTTPRoute'
        ? ((o.spec.hostnames as string[] | undefined) ?? [])
        : objectHosts(o.spec),
    yaml: yaml({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace },
      spec: o.spec,
    }),
  });
  const ref = (o: RoutingResource | undefined) =>
    o ? { name: o.metadata.name, resourceVersion: o.metadata.resourceVersion } : undefined;
  const context: ValidationContext = {
    namespace,
    service,
    services: services.map((s) => s.name),
    workloadLabels: workloads.map((w) => w.labels),
    virtualServices: vss.map((o) => o.metadata.name),
  };
  return {
    virtualService: vs,
    destinationRule: dr,
    httpRoute,
    httpRoutes: routes,
    port: svc.ports[0]?.port ?? 80,
    response: {
      namespace,
      service,
      host: `${service}.${namespace}.svc.cluster.local`,
      cluster: {
        ...(deps.clusterName ? { name: deps.clusterName } : {}),
        server: redactUrl(kube.server),
        ...(kube.context ? { context: kube.context } : {}),
      },
      istioVersion: version,
      viewOnly: deps.viewOnly,
      // May write the objects this routing is made of: the DestinationRule and what holds the routes.
      canEdit:
        canEdit.destinationRules &&
        (routeKind === 'HTTPRoute' ? canEdit.httpRoutes : canEdit.virtualServices),
      virtualServices: vss.map(summary),
      destinationRules: drs.map(summary),
      httpRoutes: routes.map(summary),
      gatewayRoutes: gatewayRoutes.map((r) => ({ ...summary(r), gateways: gatewayParents(r) })),
      ...(httpRoute
        ? {
            editingRoute: {
              name: httpRoute.metadata.name,
              attachedTo: [
                ...(attachedToService(httpRoute, service, namespace) ? [`Service ${service}`] : []),
                ...gatewayParents(httpRoute).map((g) => `Gateway ${g}`),
              ],
            },
          }
        : {}),
      gatewayApiVersion: gatewayApi.version,
      routeKind,
      workloads,
      services: services.map((s) => s.name).sort(),
      editing: { virtualService: ref(vs), destinationRule: ref(dr), httpRoute: ref(httpRoute) },
      spec,
      mtls: peerAuthentications
        ? effectiveMtls(
            peerAuthentications,
            namespace,
            workloads.map((w) => w.labels),
          )
        : undefined,
      configChecks,
      validations: validate(spec, routeKind, context, {
        virtualService: vs,
        httpRoutes: routes.map(ageOf),
      }),
    },
  };
}

/**
 * The routing model of a service: its HTTP routes from the HTTPRoute when that holds them
 * (then the VirtualService's routes are not the editor's), else from the VirtualService; its
 * subsets and traffic policy from the DestinationRule either way.
 */
function readSpec(
  routeKind: RouteKind,
  objects: {
    vs: RoutingResource | undefined;
    dr: RoutingResource | undefined;
    httpRoute: RoutingResource | undefined;
  },
  namespace: string,
): RoutingSpec {
  if (routeKind === 'VirtualService') return readRouting(objects.vs?.spec, objects.dr?.spec);
  return {
    ...readRouting(undefined, objects.dr?.spec),
    http: readHttpRouteRules(objects.httpRoute?.spec, namespace),
  };
}

/**
 * The routing's validations: Kiali's checks, what an HTTPRoute cannot say when one holds the
 * routes, and which route Istio uses when a VirtualService and an HTTPRoute both route it.
 */
function validate(
  spec: RoutingSpec,
  routeKind: RouteKind,
  context: ValidationContext,
  objects: { virtualService: RoutingResource | undefined; httpRoutes: readonly RouteAge[] },
): RoutingValidation[] {
  const out = validateRouting(spec, context);
  if (routeKind === 'HTTPRoute') out.push(...gatewayApiProblems(spec));
  const { virtualService: vs, httpRoutes } = objects;
  const [httpRoute] = httpRoutes;
  if (vs && httpRoute && Array.isArray(vs.spec.http) && vs.spec.http.length)
    out.push({
      severity: 'warning',
      path: 'httpRoutes',
      message: routeInEffect(
        { kind: 'VirtualService', name: vs.metadata.name, createdSec: vs.metadata.createdSec },
        httpRoute,
        context.namespace,
      ),
    });
  if (httpRoutes.length > 1)
    out.push({
      severity: 'warning',
      path: 'httpRoutes',
      message: `${httpRoutes.length} HTTPRoutes are attached to ${context.service} (${httpRoutes.map((r) => r.name).join(', ')}): the Gateway API applies the oldest, ${httpRoute?.name}. Keep one.`,
    });
  return out;
}

/** A route's name and age, for which one Istio applies. */
const ageOf = (o: RoutingResource): RouteAge => ({
  kind: 'HTTPRoute',
  name: o.metadata.name,
  createdSec: o.metadata.createdSec,
});

/** `GET …/routing`. */
export async function readServiceRouting(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  signal?: AbortSignal,
  httpRoute?: string,
): Promise<RoutingResponse> {
  return (await load(deps, namespace, service, signal, { httpRoute, strict: true })).response;
}

interface Prepared {
  loaded: Loaded;
  steps: PlanStep[];
  validations: RoutingResponse['validations'];
}

/**
 * The specs a write asks for: the routes in the kind chosen (a VirtualService, or an HTTPRoute
 * attached to the service), the subsets and policies in the DestinationRule.
 */
function desiredObjects(
  write: RoutingWrite,
  loaded: Loaded,
  service: string,
  namespace: string,
): { route: Obj | undefined; destinationRule: Obj | undefined } {
  if (write.routeKind === 'VirtualService') {
    const { virtualService, destinationRule } = writeRouting(
      write.spec,
      {
        virtualService: loaded.virtualService?.spec,
        destinationRule: loaded.destinationRule?.spec,
      },
      service,
    );
    return { route: virtualService, destinationRule };
  }
  return {
    route: write.spec.http.length
      ? writeHttpRouteSpec(write.spec.http, loaded.httpRoute?.spec, {
          name: service,
          namespace,
          port: loaded.port,
        })
      : undefined,
    destinationRule: writeRouting(
      { ...write.spec, http: [], tcp: [] },
      { destinationRule: loaded.destinationRule?.spec },
      service,
    ).destinationRule,
  };
}

/**
 * Checks a write against what is stored now and plans it. An object that changed (or
 * appeared, or went away) since the edit's base is a conflict: nothing is written.
 */
async function prepare(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  write: RoutingWrite,
  signal?: AbortSignal,
): Promise<Prepared> {
  const loaded = await load(deps, namespace, service, signal, {
    httpRoute: write.base.httpRoute?.name,
  });
  const { routeKind } = write;
  // The routes are edited where they are: not in a VirtualService while an HTTPRoute holds them.
  if (routeKind === 'VirtualService' && loaded.httpRoute)
    throw new RoutingRejectedError(
      `The routes of ${service} are in HTTPRoute ${loaded.httpRoute.metadata.name}: edit them there (routeKind HTTPRoute). Nothing was written.`,
      422,
    );
  // A route from a gateway carries its other paths too: emptying it is not this page's to do.
  if (
    routeKind === 'HTTPRoute' &&
    loaded.httpRoute &&
    !attachedToService(loaded.httpRoute, service, namespace) &&
    write.spec.http.length === 0
  )
    throw new RoutingRejectedError(
      `HTTPRoute ${loaded.httpRoute.metadata.name} is attached to ${gatewayParents(loaded.httpRoute)
        .map((g) => `Gateway ${g}`)
        .join(
          ', ',
        )} and may route other services: remove its rules for ${service} one by one, or delete it with kubectl. Nothing was written.`,
      422,
    );
  const current = {
    VirtualService: loaded.virtualService,
    DestinationRule: loaded.destinationRule,
    HTTPRoute: loaded.httpRoute,
  } as const;
  const base = {
    VirtualService: write.base.virtualService,
    DestinationRule: write.base.destinationRule,
    HTTPRoute: write.base.httpRoute,
  } as const;
  // The routes go to the kind chosen; the DestinationRule keeps the subsets and policies.
  const desired = desiredObjects(write, loaded, service, namespace);
  const mine = (kind: RoutingKind): Obj | undefined =>
    kind === 'DestinationRule'
      ? desired.destinationRule
      : kind === routeKind
        ? desired.route
        : undefined;
  for (const kind of [routeKind, 'DestinationRule'] as const) {
    const now = current[kind];
    const was = base[kind];
    const changed = was
      ? !now ||
        now.metadata.name !== was.name ||
        now.metadata.resourceVersion !== was.resourceVersion
      : now !== undefined;
    if (changed) {
      throw new RoutingConflictError({
        error: {
          message: `Kubernetes API: ${kind} ${now?.metadata.name ?? was?.name} changed since you loaded it (resourceVersion ${was?.resourceVersion ?? 'none'} → ${now?.metadata.resourceVersion ?? 'deleted'}). Nothing was written: review the current version and apply again.`,
          backend: 'kubernetes',
          kind: 'conflict',
        },
        conflict: {
          kind,
          name: now?.metadata.name ?? was?.name ?? service,
          expectedResourceVersion: was?.resourceVersion,
          currentResourceVersion: now?.metadata.resourceVersion,
          diff: diffLines(yaml(now?.spec), yaml(mine(kind))),
        },
      });
    }
  }
  const route = current[routeKind];
  const steps = planWrites({
    routeKind,
    current: {
      route: route && { name: route.metadata.name, spec: route.spec },
      destinationRule: loaded.destinationRule && {
        name: loaded.destinationRule.metadata.name,
        spec: loaded.destinationRule.spec,
      },
    },
    desired,
    names: { route: service, destinationRule: service },
  });
  const validations = validate(
    write.spec,
    routeKind,
    {
      namespace,
      service,
      services: loaded.response.services,
      workloadLabels: loaded.response.workloads.map((w) => w.labels),
      virtualServices: loaded.response.virtualServices.map((v) => v.name),
    },
    {
      virtualService: loaded.virtualService,
      // An HTTPRoute this write creates is the newest route of all.
      httpRoutes:
        routeKind === 'HTTPRoute' && !loaded.httpRoute && write.spec.http.length
          ? [{ kind: 'HTTPRoute', name: service, createdSec: Infinity }]
          : loaded.httpRoutes.map(ageOf),
    },
  );
  return { loaded, steps, validations };
}

/** The object of a kind as `loaded` read it. */
const loadedOf = (loaded: Loaded, kind: RoutingKind): RoutingResource | undefined =>
  kind === 'VirtualService'
    ? loaded.virtualService
    : kind === 'DestinationRule'
      ? loaded.destinationRule
      : loaded.httpRoute;

/** An object's labels and annotations, as read: what a write must keep. */
type KeptMetadata = Pick<RoutingResourceInput['metadata'], 'labels' | 'annotations'>;

/** The labels and annotations of the object a step writes, as `loaded` read it. */
function keptMetadata(loaded: Loaded, step: PlanStep): KeptMetadata {
  const current = loadedOf(loaded, step.kind);
  return current
    ? { labels: { ...current.metadata.labels }, annotations: { ...current.metadata.annotations } }
    : {};
}

/**
 * Executes one step (or its dry run) with the resourceVersion it must still have. A replace
 * keeps the object's labels and annotations (other tools' `last-applied-configuration`, GitOps
 * tracking labels); `actor`, when given, is recorded on it as who wrote it through Meshlens.
 */
async function runStep(
  kube: KubeClient,
  namespace: string,
  step: PlanStep,
  resourceVersion: string | undefined,
  options: { dryRun?: boolean; signal?: AbortSignal; kept?: KeptMetadata; actor?: string },
): Promise<RoutingResource | undefined> {
  const kind: RoutingKind = step.kind;
  const { kept = {}, actor, ...call } = options;
  if (step.action === 'delete') {
    await kube.deleteRouting(kind, namespace, step.name, { ...call, resourceVersion });
    return undefined;
  }
  const annotations = { ...kept.annotations, ...(actor ? { [CHANGED_BY_ANNOTATION]: actor } : {}) };
  const object = {
    kind,
    metadata: {
      name: step.name,
      namespace,
      ...(step.action === 'replace' ? { resourceVersion } : {}),
      ...(kept.labels && Object.keys(kept.labels).length ? { labels: kept.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: step.after,
  };
  return step.action === 'create'
    ? kube.createRouting(object, call)
    : kube.replaceRouting(object, call);
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `POST …/routing/preview`: the diff of every object that would change and a dry run. */
export async function previewRouting(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  write: RoutingWrite,
  signal?: AbortSignal,
): Promise<RoutingPreview> {
  return (await previewPrepared(deps, namespace, service, write, signal)).preview;
}

const refuseViewOnly = (deps: RoutingDeps): void => {
  if (deps.viewOnly)
    throw new RoutingRejectedError(
      'Meshlens runs view-only (VIEW_ONLY=true): routing cannot be changed.',
      403,
    );
};

/** The preview, and the read and plan behind it (an apply writes exactly that plan). */
async function previewPrepared(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  write: RoutingWrite,
  signal?: AbortSignal,
): Promise<{ prepared: Prepared; preview: RoutingPreview }> {
  refuseViewOnly(deps);
  const prepared = await prepare(deps, namespace, service, write, signal);
  const { loaded, steps, validations } = prepared;
  let dryRun: RoutingPreview['dryRun'] = { ok: true };
  for (const step of steps) {
    const current = loadedOf(loaded, step.kind);
    try {
      // The API server validates each object on its own, so the first step's dry run cannot
      // see the second's: that is what the ordering is for.
      await runStep(deps.kube, namespace, step, current?.metadata.resourceVersion, {
        dryRun: true,
        signal,
        kept: keptMetadata(loaded, step),
        actor: deps.actor,
      });
    } catch (error) {
      // Not allowed at all is a permission problem (403), not a verdict on the object.
      if (isUpstreamError(error) && (error.status === 401 || error.status === 403)) throw error;
      // Changed (409) or gone (404) since our read: a conflict like any other, with the
      // current version and the diff, so the editor can offer to re-apply on top.
      if (isUpstreamError(error) && (error.status === 409 || error.status === 404))
        await prepare(deps, namespace, service, write, signal);
      dryRun = { ok: false, kind: step.kind, name: step.name, message: describeError(error) };
      break;
    }
  }
  const preview: RoutingPreview = {
    steps: steps.map((s) => ({
      action: s.action,
      kind: s.kind,
      name: s.name,
      diff: diffLines(
        yaml(s.action === 'create' ? undefined : s.before),
        yaml(s.action === 'delete' ? undefined : s.after),
      ),
    })),
    validations,
    dryRun,
  };
  return { prepared, preview };
}

/**
 * `PUT …/routing`: validates, dry-runs every step, then writes them in order, each with the
 * resourceVersion it was read at. If a step fails, the steps already made are undone (newest
 * first); if an undo fails too, the error says exactly which object is left in which state.
 */
export async function applyRouting(
  deps: RoutingDeps,
  namespace: string,
  service: string,
  write: RoutingWrite,
  signal?: AbortSignal,
): Promise<RoutingApply> {
  // One read serves the checks and the writes; every write still carries the resourceVersion
  // of that read, so a change in between is refused by the API server (a conflict).
  const { prepared, preview } = await previewPrepared(deps, namespace, service, write, signal);
  const errors = preview.validations.filter((v) => v.severity === 'error');
  if (errors.length)
    throw new RoutingRejectedError(
      `The routing is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}. Nothing was written.`,
      422,
      preview.validations,
    );
  if (!preview.dryRun.ok)
    throw new RoutingRejectedError(
      `The Kubernetes API rejected ${preview.dryRun.kind} ${preview.dryRun.name} in a dry run: ${preview.dryRun.message}. Nothing was written.`,
      422,
    );

  const { loaded } = prepared;
  // The object of the pair that this edit leaves alone is rewritten as it is, with the
  // resourceVersion it was read at (a compare-and-swap): if someone changed it meanwhile, that
  // write fails, the others are undone and the caller gets a 409. Without it an edit of the
  // DestinationRule could land beside a concurrent kubectl edit of the VirtualService, two
  // winners for one base and a pair that may disagree at rest.
  const routeObject = write.routeKind === 'HTTPRoute' ? loaded.httpRoute : loaded.virtualService;
  const guards: PlanStep[] = [routeObject, loaded.destinationRule]
    .filter((o): o is RoutingResource => o !== undefined)
    .filter((o) => !prepared.steps.some((s) => s.kind === o.kind && s.name === o.metadata.name))
    .map((o) => ({
      action: 'replace',
      kind: o.kind,
      name: o.metadata.name,
      before: o.spec,
      after: o.spec,
    }));
  const steps = prepared.steps.length ? [...prepared.steps, ...guards] : [];
  const versions = new Map<string, string | undefined>(
    [loaded.virtualService, loaded.destinationRule, loaded.httpRoute]
      .filter((o): o is RoutingResource => o !== undefined)
      .map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.resourceVersion]),
  );
  const done: { step: PlanStep; resourceVersion: string }[] = [];
  const audit = (
    step: PlanStep,
    before: string | undefined,
    after: string | undefined,
    outcome: string,
    action: string = step.action,
  ) => {
    getMetrics().routingWrites.inc({ kind: step.kind, action, outcome });
    deps.audit(
      JSON.stringify({
        time: new Date().toISOString(),
        event: 'routing.write',
        actor: deps.actor,
        namespace,
        service,
        kind: step.kind,
        name: step.name,
        action,
        resourceVersionBefore: before,
        resourceVersionAfter: after,
        outcome,
      }),
    );
  };

  for (const step of steps) {
    const key = `${step.kind}/${step.name}`;
    const before = versions.get(key);
    try {
      const written = await runStep(deps.kube, namespace, step, before, {
        signal,
        kept: keptMetadata(prepared.loaded, step),
        actor: deps.actor,
      });
      versions.set(key, written?.metadata.resourceVersion);
      done.push({ step, resourceVersion: written?.metadata.resourceVersion ?? '' });
      audit(
        step,
        before,
        written?.metadata.resourceVersion,
        'ok',
        guards.includes(step) ? 'guard' : step.action,
      );
    } catch (error) {
      const conflict = isUpstreamError(error) && error.status === 409;
      audit(step, before, undefined, conflict ? 'conflict' : 'error');
      const undo = await rollback(deps, namespace, prepared.loaded, done, versions, audit);
      const state = undo.failures.length
        ? ` Undoing the earlier writes failed: ${undo.failures.join('; ')}. Check these objects by hand.`
        : done.length
          ? ` The ${done.length} earlier write${done.length > 1 ? 's were' : ' was'} undone; nothing is changed.`
          : ' Nothing was written.';
      if (conflict || undo.conflict) {
        // Someone wrote between our read and a write or an undo: a conflict like any other,
        // with the current version and the diff, and what is left if an undo failed.
        try {
          await prepare(deps, namespace, service, write, signal);
        } catch (reported) {
          if (reported instanceof RoutingConflictError && undo.failures.length)
            throw new RoutingConflictError({
              ...reported.body,
              error: { ...reported.body.error, message: `${reported.body.error.message}${state}` },
            });
          throw reported;
        }
      }
      const message = describeError(error).replace(/^Kubernetes API: /, '');
      throw new UpstreamError(
        `${message} (writing ${step.kind} ${step.name}, step ${done.length + 1} of ${steps.length}).${state}`,
        {
          upstream: 'kubernetes',
          kind: isUpstreamError(error) ? error.kind : 'api',
          url: isUpstreamError(error) ? error.url : deps.kube.server,
          status: isUpstreamError(error) ? error.status : undefined,
          cause: error,
        },
      );
    }
  }
  // The checks kept for the graph and this page were read before the write.
  forgetMeshObjects(deps.kube);
  return {
    applied: done
      .filter(({ step }) => !guards.includes(step))
      .map(({ step, resourceVersion }) => ({
        action: step.action,
        kind: step.kind,
        name: step.name,
        resourceVersion,
      })),
    routing: (
      await load(deps, namespace, service, signal, { httpRoute: write.base.httpRoute?.name })
    ).response,
  };
}

/**
 * Undoes written steps, newest first; returns what could not be undone, and whether an undo
 * met a conflict (someone changed the object after our write).
 */
async function rollback(
  deps: RoutingDeps,
  namespace: string,
  loaded: Loaded,
  done: { step: PlanStep; resourceVersion: string }[],
  versions: Map<string, string | undefined>,
  audit: (
    step: PlanStep,
    before: string | undefined,
    after: string | undefined,
    outcome: string,
    action?: string,
  ) => void,
): Promise<{ failures: string[]; conflict: boolean }> {
  const failures: string[] = [];
  let conflict = false;
  for (const { step } of [...done].reverse()) {
    const key = `${step.kind}/${step.name}`;
    try {
      // Back as it was read, labels and annotations included.
      const written = await runStep(deps.kube, namespace, inverseStep(step), versions.get(key), {
        kept: keptMetadata(loaded, step),
      });
      versions.set(key, written?.metadata.resourceVersion);
      audit(step, undefined, written?.metadata.resourceVersion, 'ok', 'rollback');
    } catch (error) {
      audit(step, versions.get(key), undefined, 'error', 'rollback');
      failures.push(`${step.kind} ${step.name} is left as written (${describeError(error)})`);
      if (isUpstreamError(error) && error.status === 409) conflict = true;
    }
  }
  return { failures, conflict };
}

/** The checks of the objects that route or set policy for a service, those with any. */
function configChecksOf(
  read: MeshValidation,
  namespace: string,
  service: string,
): RoutingResponse['configChecks'] {
  const key = `${namespace}/${service}`;
  return read.objects.flatMap((o) => {
    const checks = read.validations.get(configKey(o))?.checks ?? [];
    return checks.length && servicesOfObject(o, read.registry).includes(key)
      ? [{ kind: o.kind, namespace: o.namespace, name: o.name, checks }]
      : [];
  });
}
