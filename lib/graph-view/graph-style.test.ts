import cytoscape, { type Core } from 'cytoscape';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { graphStylesheet, layoutOptions, MIN_ZOOMED_FONT_PX } from './graph-style';
import { testTheme } from './test-theme';

const { colors } = testTheme();

/** `#d92d20` as Cytoscape reports a colour: `rgb(217,45,32)`. */
const rgb = (hex: string): string =>
  `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')})`;

describe('graphStylesheet in Cytoscape', () => {
  let cy: Core;
  let warnings: unknown[][];

  beforeEach(() => {
    warnings = [];
    vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args));
    cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet(testTheme()),
      elements: {
        nodes: [
          { data: { id: 'a', label: 'a', nodeType: 'app', healthStatus: 'failure' } },
          { data: { id: 'b', label: 'b', nodeType: 'workload', healthStatus: 'healthy' } },
          { data: { id: 'c', label: 'c', nodeType: 'service', found: true } },
          { data: { id: 'gone', label: 'gone', nodeType: 'app', compareStatus: 'vanished' } },
        ],
        edges: [
          {
            data: {
              id: 'a->b',
              source: 'a',
              target: 'b',
              label: '1 rps',
              width: 2,
              healthStatus: 'degraded',
              protocol: 'http',
              across: true,
            },
          },
          { data: { id: 'b->c', source: 'b', target: 'c', label: '', width: 1, protocol: 'tcp' } },
        ],
      },
    });
  });

  afterEach(() => vi.restoreAllMocks());

  it('is valid Cytoscape style: nothing refused', () => {
    cy.elements().forEach((e) => void e.style());
    expect(warnings).toEqual([]);
  });

  it('colours nodes and edges by health', () => {
    expect(cy.$id('a').style('border-color')).toBe(rgb(colors.failure));
    expect(cy.$id('b').style('border-color')).toBe(rgb(colors.healthy));
    expect(cy.$id('a->b').style('line-color')).toBe(rgb(colors.degraded));
  });

  it('hides labels too small to read, except those found or selected', () => {
    expect(cy.$id('b').style('min-zoomed-font-size')).toBe(`${MIN_ZOOMED_FONT_PX}px`);
    expect(cy.$id('c').style('min-zoomed-font-size')).toBe('0px');
    cy.$id('b').select();
    expect(cy.$id('b').style('min-zoomed-font-size')).toBe('0px');
  });

  it('draws calls across namespaces faint until picked, and what vanished ghosted', () => {
    expect(Number(cy.$id('a->b').style('opacity'))).toBeLessThan(0.5);
    cy.$id('a->b').select();
    expect(Number(cy.$id('a->b').style('opacity'))).toBe(1);
    expect(Number(cy.$id('gone').style('opacity'))).toBeLessThan(0.5);
  });
});

describe('layoutOptions', () => {
  it('lays out left to right with dagre by default', () => {
    expect(layoutOptions('dagre')).toMatchObject({ name: 'dagre', rankDir: 'LR', animate: false });
  });

  it('drafts fcose on large graphs and leaves labels out of the spacing', () => {
    expect(layoutOptions('fcose', 50)).toMatchObject({
      quality: 'default',
      nodeDimensionsIncludeLabels: true,
    });
    expect(layoutOptions('fcose', 5000)).toMatchObject({
      quality: 'draft',
      nodeDimensionsIncludeLabels: false,
    });
  });
});
