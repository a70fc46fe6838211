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

describe('graph stylesheet: the Delay view', () => {
  it('glows more for a larger share of the latency and keeps those labels at any zoom', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet({ text: '#000', surface: '#fff', box: '#eee' }),
      elements: [
        { data: { id: 'cool', label: 'cool', nodeType: 'app' } },
        { data: { id: 'warm', label: 'warm', nodeType: 'app', delay: 0.1 } },
        { data: { id: 'hot', label: 'hot', nodeType: 'app', delay: 0.9 } },
        { data: { id: 'e', source: 'cool', target: 'hot', width: 1, delay: 0.5 } },
      ],
    });
    const opacity = (id: string) => Number(cy.getElementById(id).style('underlay-opacity'));
    expect(opacity('cool')).toBe(0);
    expect(opacity('warm')).toBeGreaterThan(0);
    expect(opacity('hot')).toBeGreaterThan(opacity('warm'));
    expect(cy.getElementById('hot').style('min-zoomed-font-size')).toBe('0px');
    expect(parseFloat(cy.getElementById('e').style('width'))).toBeGreaterThan(3);
    cy.destroy();
  });
});
