import type { Core, ElementDefinition } from 'cytoscape';
import type { CyElements } from './cy-elements';

/** Cytoscape merges data: a key set to undefined would keep its old value, null clears it. */
function withNulls(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === undefined ? null : v]));
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
      existing.data(withNulls(node.data));
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
        existing.data(withNulls(edge.data));
      }
    }
  });
  return changed;
}
