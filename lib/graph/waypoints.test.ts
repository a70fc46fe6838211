import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import { testEdge, testNode } from '../graph-view/test-graph';
import type { KubeDeployment } from '../kube/types';
import { WAYPOINT_LABEL, WAYPOINT_LABEL_VALUE, applyWaypoints, waypointNames } from './waypoints';

const node = (id: string) => testNode(id, 'travel', { workload: id });
const edge = (source: string, target: string, protocol: 'http' | 'tcp' = 'tcp') =>
  testEdge(source, target, 1, { id: `${source}->${target}:${protocol}`, protocol });

const deployment = (name: string, labels: Record<string, string> = {}): KubeDeployment => ({
  namespace: 'travel',
  name,
  labels,
  templateLabels: {},
  desiredReplicas: 1,
  availableReplicas: 1,
});

// gateway → frontend (HTTP, from the waypoint's report); ztunnel's L4: gateway → waypoint →
// frontend; and a client whose only edge goes to the waypoint.
const elements: GraphResponse['elements'] = {
  nodes: [node('gateway'), node('frontend'), node('waypoint'), node('lonely')],
  edges: [
    edge('gateway', 'frontend', 'http'),
    edge('gateway', 'waypoint'),
    edge('waypoint', 'frontend'),
    edge('lonely', 'waypoint'),
  ],
};

describe('waypoints', () => {
  it('knows Istio’s waypoints by their label, by name and by canonical service', () => {
    const names = waypointNames([
      deployment('waypoint', {
        [WAYPOINT_LABEL]: WAYPOINT_LABEL_VALUE,
        'service.istio.io/canonical-name': 'waypoint-svc',
      }),
      deployment('frontend-v1', { app: 'frontend' }),
    ]);
    expect([...names].sort()).toEqual(['travel/waypoint', 'travel/waypoint-svc']);
  });

  it('hides waypoints with their L4 edges and the nodes left without an edge', () => {
    const hidden = applyWaypoints(elements, new Set(['travel/waypoint']), false);
    expect(hidden.nodes.map((n) => n.data.id)).toEqual(['gateway', 'frontend']);
    expect(hidden.edges.map((e) => e.data.id)).toEqual(['gateway->frontend:http']);
  });

  it('shows them on request, marked, with every edge', () => {
    const shown = applyWaypoints(elements, new Set(['travel/waypoint']), true);
    expect(shown.nodes.find((n) => n.data.id === 'waypoint')?.data.isWaypoint).toBe(true);
    expect(shown.nodes.filter((n) => n.data.isWaypoint)).toHaveLength(1);
    expect(shown.edges).toHaveLength(4);
  });

  it('changes nothing in a mesh without waypoints', () => {
    expect(applyWaypoints(elements, new Set(), false)).toBe(elements);
  });
});
