import type { Core, ElementDefinition, SingularElementReturnValue } from 'cytoscape';
import type { CyElements } from './cy-elements';

/** Cytoscape merges data: a key set to undefined would keep its old value, null clears it. */
function withNulls(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === undefined ? null : v]));
}

/**
 * Sets an element's data unless it already holds exactly that: each `data()` call restyles
 * the element, which for thousands of elements is most of a refresh's main-thread time.
 */
function updateData(element: SingularElementReturnValue, data: object): void {
  const next = withNulls(data);
  const current = element.data() as Record<string, unknown>;
  for (const [key, value] of Object.entries(next)) {
    if (!Object.is(current[key] ?? null, value)) {
      element.data(next);
      return;
    }
  }
}

/**
 * Brings `cy` to `next` in place, in one batch: removes what went away, adds what is new,
 * updates the data of the rest (positions, zoom and pan untouched). Returns whether the set
 * of elements or their nesting changed, i.e. whether a new layout is needed.
 */
export function syncElements(cy: Core, next: CyElements): boolean {
  const ids = new Set([...next.nodes, ...next.edges].map((e) => e.data.id));
  let changed = false;
  cy.batch(() => {
    cy.elements().forEach((element) => {
      if (!ids.has(element.id()) && element.inside()) {
        element.remove();
        changed = true;
      }
    });
    const added: ElementDefinition[] = [];
    for (const node of next.nodes) {
      const existing = cy.getElementById(node.data.id);
      if (existing.empty()) {
        added.push({ group: 'nodes', data: withNulls(node.data) });
        continue;
      }
      updateData(existing, node.data);
      const parent = existing.parent().first();
      const currentParent = parent.nonempty() ? parent.id() : undefined;
      if (currentParent !== node.data.parent) {
        existing.move({ parent: node.data.parent ?? null });
        changed = true;
      }
    }
    if (added.length) {
      // Boxes first, so children can name them as parents.
      cy.add(added.sort((a, b) => Number(Boolean(b.data.isBox)) - Number(Boolean(a.data.isBox))));
      changed = true;
    }
    for (const edge of next.edges) {
      const existing = cy.getElementById(edge.data.id);
      if (existing.empty()) {
        cy.add({ group: 'edges', data: withNulls(edge.data) });
        changed = true;
      } else {
        updateData(existing, edge.data);
      }
    }
  });
  if (changed) placeNewNodesNearNeighbours(cy, next);
  return changed;
}

/**
 * Starts each new node at the centre of its already placed neighbours, so a force-directed
 * layout (which starts from current positions) settles it next to them instead of anywhere.
 */
function placeNewNodesNearNeighbours(cy: Core, next: CyElements): void {
  const placed = new Set<string>();
  cy.nodes().forEach((node) => {
    const p = node.position();
    if (p.x !== 0 || p.y !== 0) placed.add(node.id());
  });
  next.nodes.forEach((definition, index) => {
    const node = cy.getElementById(definition.data.id);
    if (placed.has(node.id()) || node.data('isBox')) return;
    const neighbours = node
      .neighborhood()
      .nodes()
      .filter((n) => placed.has(n.id()));
    if (neighbours.empty()) return;
    let x = 0;
    let y = 0;
    neighbours.forEach((n) => {
      x += n.position().x;
      y += n.position().y;
    });
    const sum = { x, y };
    // A small, deterministic offset keeps siblings from landing on one point.
    node.position({
      x: sum.x / neighbours.length + 30,
      y: sum.y / neighbours.length + (index % 5) * 12 - 24,
    });
  });
}
