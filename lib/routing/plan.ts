/**
 * The order of writes for one routing change, following Istio's advice for avoiding 503s:
 * new subsets go into the DestinationRule before a VirtualService routes to them, and a subset
 * is removed only after no VirtualService uses it. So a change that adds and removes subsets
 * becomes: DestinationRule with old ∪ new subsets → VirtualService → DestinationRule final.
 * The routes may be held by a Gateway API HTTPRoute instead, in the same place of the order.
 * @see https://istio.io/latest/docs/ops/best-practices/traffic-management/#avoid-503-errors-while-reconfiguring-service-routes
 */
import type { RoutingKind } from '../kube/types';

type Obj = Record<string, unknown>;

/** The kinds that hold a service's routes. */
export type RouteKind = 'VirtualService' | 'HTTPRoute';

export type PlanStep =
  | { action: 'create'; kind: RoutingKind; name: string; after: Obj }
  | { action: 'replace'; kind: RoutingKind; name: string; before: Obj; after: Obj }
  | { action: 'delete'; kind: RoutingKind; name: string; before: Obj };

export interface PlanInput {
  /** What holds the routes (default a VirtualService). */
  routeKind?: RouteKind;
  current: {
    route?: { name: string; spec: Obj };
    destinationRule?: { name: string; spec: Obj };
  };
  desired: { route?: Obj; destinationRule?: Obj };
  /** Names for objects we create. */
  names: { route: string; destinationRule: string };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const subsetsOf = (spec: Obj | undefined): Obj[] =>
  Array.isArray(spec?.subsets) ? (spec.subsets as Obj[]) : [];

function step(
  kind: RoutingKind,
  name: string,
  before: Obj | undefined,
  after: Obj | undefined,
): PlanStep | undefined {
  if (before && after)
    return same(before, after) ? undefined : { action: 'replace', kind, name, before, after };
  if (after) return { action: 'create', kind, name, after };
  if (before) return { action: 'delete', kind, name, before };
  return undefined;
}

/** The writes that take the current objects to the desired ones, in a safe order. */
export function planWrites({
  routeKind = 'VirtualService',
  current,
  desired,
  names,
}: PlanInput): PlanStep[] {
  const vsName = current.route?.name ?? names.route;
  const drName = current.destinationRule?.name ?? names.destinationRule;
  const vs = step(routeKind, vsName, current.route?.spec, desired.route);
  const drBefore = current.destinationRule?.spec;
  const drAfter = desired.destinationRule;
  const dr = step('DestinationRule', drName, drBefore, drAfter);
  if (!vs) return dr ? [dr] : [];
  if (!dr) return [vs];

  // Deleting the DestinationRule: stop routing to its subsets first.
  if (dr.action === 'delete') return [vs, dr];
  const kept = new Set(subsetsOf(drAfter).map((s) => s.name));
  const removed = subsetsOf(drBefore).filter((s) => !kept.has(s.name));
  if (removed.length === 0 || !drAfter) return [dr, vs];
  // Add the new subsets while keeping the removed ones, switch routes, then remove.
  const bridge = { ...drAfter, subsets: [...subsetsOf(drAfter), ...removed] };
  const first = step('DestinationRule', drName, drBefore, bridge);
  const last = step('DestinationRule', drName, bridge, drAfter);
  return [first, vs, last].filter((s): s is PlanStep => s !== undefined);
}

/** The step that undoes `step`: a rollback writes each done step's inverse, newest first. */
export function inverseStep(step: PlanStep): PlanStep {
  const { kind, name } = step;
  switch (step.action) {
    case 'create':
      return { action: 'delete', kind, name, before: step.after };
    case 'delete':
      return { action: 'create', kind, name, after: step.before };
    case 'replace':
      return { action: 'replace', kind, name, before: step.after, after: step.before };
  }
}
