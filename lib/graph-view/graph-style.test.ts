import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { graphStylesheet, MIN_ZOOMED_FONT_PX } from './graph-style';

describe('graph stylesheet: level of detail', () => {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: graphStylesheet({ text: '#000', surface: '#fff', box: '#eee' }),
    elements: [
      { data: { id: 'plain', label: 'plain', nodeType: 'app' } },
      { data: { id: 'found', label: 'found', nodeType: 'app', found: true } },
      { data: { id: 'picked', label: 'picked', nodeType: 'app' } },
    ],
  });
  const minZoomed = (id: string) => cy.getElementById(id).style('min-zoomed-font-size');

  it('hides labels too small to read on screen, except the found and selected ones', () => {
    cy.getElementById('picked').select();
    expect(minZoomed('plain')).toBe(`${MIN_ZOOMED_FONT_PX}px`);
    expect(minZoomed('found')).toBe('0px');
    expect(minZoomed('picked')).toBe('0px');
    cy.destroy();
  });
});
