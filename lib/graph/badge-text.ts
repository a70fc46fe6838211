/** The words of the graph's node badges (client-safe: no routing code). */
import type { NodeBadge } from '../contracts/graph';

/** What each badge means, for tooltips and the side panel. */
export const BADGE_MEANINGS: Readonly<Record<NodeBadge, string>> = {
  virtualService: 'A VirtualService routes its requests',
  httpRoute: 'A Gateway API HTTPRoute attached to it routes its requests',
  trafficShifting: 'Traffic shifting: requests split by weight between destinations',
  faultInjection: 'Fault injection: delays or aborts injected by the callers’ proxies',
  circuitBreaker: 'Circuit breaker: connection pool limits or outlier detection',
  mirroring: 'Mirroring: a copy of requests goes to another destination',
  timeout: 'Request timeout set',
  retries: 'Retries set',
  configError:
    'Its VirtualService or DestinationRule has errors: the routing page and the Istio config list say what to change',
  missingSidecar: 'No Istio sidecar: this workload’s traffic is not proxied',
  gateway:
    'A gateway: it serves an Istio Gateway or a Gateway API Gateway (listeners in the side panel)',
  certificateExpiring: 'A TLS certificate of one of its listeners expires within 14 days',
};

/** Badges about the node's own workload, not its service's routing (no link to the editor). */
export const WORKLOAD_BADGES: ReadonlySet<NodeBadge> = new Set([
  'missingSidecar',
  'gateway',
  'certificateExpiring',
]);

/** Short text drawn under a node's name (the canvas has no icon font to rely on). */
export const BADGE_TAGS: Readonly<Record<NodeBadge, string>> = {
  virtualService: 'VS',
  httpRoute: 'HTTPRoute',
  trafficShifting: 'split',
  faultInjection: 'fault',
  circuitBreaker: 'CB',
  mirroring: 'mirror',
  timeout: 'timeout',
  retries: 'retry',
  configError: 'config error',
  missingSidecar: 'no sidecar',
  gateway: 'gateway',
  certificateExpiring: 'cert expiring',
};
