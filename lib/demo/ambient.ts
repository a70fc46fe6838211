/**
 * What Istio's ambient data plane reports for a simulated hop: no sidecars, a waypoint proxy
 * for the requests into a namespace that has one, and ztunnel for the connections.
 * @see https://istio.io/latest/docs/ambient/
 */
import type { DemoWorkload } from './topology';
import type { Hop, Reporter } from './traffic';

/**
 * Who reports a hop's requests. Into an ambient workload there is no destination sidecar: its
 * waypoint reports them (`reporter="waypoint"`), or nobody at L7 without one; from an ambient
 * workload there is no source sidecar either.
 */
export function requestReporters(hop: Hop): readonly Reporter[] {
  const reporters = hop.reporters ?? (['source', 'destination'] as const);
  if (hop.source.dataplane !== 'ambient' && hop.destination.dataplane !== 'ambient')
    return reporters;
  return reporters.flatMap((reporter): Reporter[] => {
    if (reporter === 'source') return hop.source.dataplane === 'ambient' ? [] : ['source'];
    if (hop.destination.dataplane !== 'ambient') return [reporter];
    return hop.destination.waypoint ? ['waypoint'] : [];
  });
}

/** The waypoint proxy a hop into an ambient workload passes, as a workload of its namespace. */
const waypointOf = (hop: Hop): DemoWorkload | undefined =>
  hop.destination.waypoint
    ? {
        ...hop.destination,
        name: hop.destination.waypoint,
        app: hop.destination.waypoint,
        version: 'unknown',
        service: hop.destination.waypoint,
        serviceAccount: hop.destination.waypoint,
        port: 15008,
        isWaypoint: true,
      }
    : undefined;

/**
 * The connections ztunnel carries for a hop touching an ambient workload: caller → waypoint →
 * destination (or caller → destination without a waypoint), each reported by the ztunnel on
 * the receiving node (`reporter="destination"`) with its pod's `app="ztunnel"`.
 */
export function ztunnelLegs(hop: Hop): Hop[] {
  if (hop.protocol === 'tcp') return [];
  if (hop.source.dataplane !== 'ambient' && hop.destination.dataplane !== 'ambient') return [];
  if (hop.destination.name === 'unknown' || hop.serverStartMs === undefined) return [];
  const waypoint = hop.destination.dataplane === 'ambient' ? waypointOf(hop) : undefined;
  const legs = waypoint
    ? [
        { source: hop.source, destination: waypoint },
        { source: waypoint, destination: hop.destination },
      ]
    : [{ source: hop.source, destination: hop.destination }];
  return legs.map(({ source, destination }) => ({
    ...hop,
    source,
    destination,
    protocol: 'tcp',
    responseFlags: '-',
    reporters: ['destination'],
  }));
}
