import type { Core, ElementDefinition, SingularElementReturnValue } from 'cytoscape';
import type { CyElements } from './cy-elements';

/** Cytoscape merges data: a key set to undefined would keep its old value, null clears it. */
function withNulls(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === undefined ? null : v]));
}

/**
 * Data a refresh need not set on its own: `weight` only orders the next layout's rings, and an
 * edge's width is not redrawn for less than a third of a pixel. Rates move between two answers
 * (on a 1,000-service mesh, 10 s apart, 1,004 node weights and 2,341 edge widths changed in
 * their tenths), and each change is a restyle; they are set with the next change that shows.
 */
const UNSEEN_CHANGE: Readonly<Record<string, number>> = { weight: Infinity, width: 0.3 };

const sameToTheEye = (key: string, was: unknown, value: unknown): boolean =>
  Object.is(was ?? null, value) ||
  (typeof was === 'number' &&
    typeof value === 'number' &&
    Math.abs(was - value) < (UNSEEN_CHANGE[key] ?? 0));

/**
 * Sets an element's data unless it already holds that, to the eye: each `data()` call restyles
 * the element, which for thousands of elements is most of a refresh's main-thread time.
 */
function updateData(element: SingularElementReturnValue, data: object): void {
  const next = withNulls(data);
  const current = element.data() as Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    if (!sameToTheEye(key, current[key], value)) {
      element.data(next);
      return;
    }
  }
}

/** What a sync changed. */
export interface SyncResult {
  addedNodes: number;
  /** New nodes with no placed neighbour to start next to (and new namespace boxes). */
  unplaced: number;
  /** Elements removed (a node takes its edges with it). */
  removed: number;
  addedEdges: number;
  /** Nodes moved into or out of a namespace box. */
  reparented: number;
}

/**
 * Whether a sync's changes need a new layout. Edges that come and go, and nodes that go, do
 * not: a quiet call that leaves the window and comes back must not move every node. A few new
 * nodes start next to their neighbours (see below); many, a node with no placed neighbour, a
 * new box or a node changing box, and the layout no longer fits the graph.
 */
export function needsLayout(result: SyncResult, nodeCount: number): boolean {
  if (result.unplaced > 0 || result.reparented > 0) return true;
  return result.addedNodes > Math.max(2, nodeCount * 0.05);
}

/**
 * Brings `cy` to `next` in place, in one batch: removes what went away, adds what is new,
 * updates the data of the rest (positions, zoom and pan untouched), and starts new nodes next
 * to their placed neighbours. Says what changed, for {@link needsLayout}.
 */
export function syncElements(cy: Core, next: CyElements): SyncResult {
  const ids = new Set([...next.nodes, ...next.edges].map((e) => e.data.id));
  const result: SyncResult = {
    addedNodes: 0,
    unplaced: 0,
    removed: 0,
    addedEdges: 0,
    reparented: 0,
  };
  const added: ElementDefinition[] = [];
  cy.batch(() => {
    cy.elements().forEach((element) => {
      if (!ids.has(element.id()) && element.inside()) {
        element.remove();
        result.removed += 1;
      }
    });
    // (`hasElementWithId` and `data('parent')` build no collection: at thousands of elements,
    // Cytoscape's collections are most of a sync's time.)
    for (const node of next.nodes) {
      if (!cy.hasElementWithId(node.data.id)) {
        added.push({ group: 'nodes', data: withNulls(node.data) });
        continue;
      }
      const existing = cy.getElementById(node.data.id);
      updateData(existing, node.data);
      const currentParent = (existing.data('parent') as string | null | undefined) ?? undefined;
      if (currentParent !== node.data.parent) {
        existing.move({ parent: node.data.parent ?? null });
        result.reparented += 1;
      }
    }
    if (added.length) {
      // Boxes first, clusters' before namespaces', so children can name them as parents.
      cy.add(added.sort((a, b) => nesting(a) - nesting(b)));
      result.addedNodes = added.length;
    }
    const addedEdges: ElementDefinition[] = [];
    for (const edge of next.edges) {
      if (!cy.hasElementWithId(edge.data.id))
        addedEdges.push({ group: 'edges', data: withNulls(edge.data) });
      else updateData(cy.getElementById(edge.data.id), edge.data);
    }
    if (addedEdges.length) cy.add(addedEdges);
    result.addedEdges = addedEdges.length;
  });
  if (result.addedNodes > 0)
    result.unplaced = placeNewNodesNearNeighbours(
      cy,
      added.map((a) => a.data.id as string),
    );
  return result;
}

/** How deep an element is nested: cluster boxes, then namespace boxes, then nodes. */
const nesting = (element: ElementDefinition): number =>
  element.data.isClusterBox ? 0 : element.data.isBox ? 1 : 2;

/**
 * Starts each new node at the centre of its already placed neighbours, so that it appears next
 * to them without a new layout, and a force-directed layout (which starts from current
 * positions) settles it there rather than anywhere. Returns how many new nodes (and new boxes)
 * had no placed neighbour.
 */
function placeNewNodesNearNeighbours(cy: Core, newIds: readonly string[]): number {
  const fresh = new Set(newIds);
  const placed = new Set<string>();
  cy.nodes().forEach((node) => {
    const p = node.position();
    if (!fresh.has(node.id()) && (p.x !== 0 || p.y !== 0)) placed.add(node.id());
  });
  // The first drawing: nothing to start next to.
  if (placed.size === 0) return newIds.length;
  let unplaced = 0;
  newIds.forEach((id, index) => {
    const node = cy.getElementById(id);
    // A new box is a namespace the layout has no room for.
    if (node.data('isBox')) {
      unplaced += 1;
      return;
    }
    const neighbours = node
      .neighborhood()
      .nodes()
      .filter((n) => placed.has(n.id()));
    if (neighbours.empty()) {
      unplaced += 1;
      return;
    }
    let x = 0;
    let y = 0;
    neighbours.forEach((n) => {
      x += n.position().x;
      y += n.position().y;
    });
    // A small, deterministic offset keeps siblings from landing on one point.
    node.position({
      x: x / neighbours.length + 30,
      y: y / neighbours.length + (index % 5) * 12 - 24,
    });
  });
  return unplaced;
}
