'use client';

import cytoscape, { type Core } from 'cytoscape';
import dagre from 'cytoscape-dagre';
// @ts-expect-error -- cytoscape-fcose ships no types; it is a plain Cytoscape extension.
import fcose from 'cytoscape-fcose';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CyElements } from '@/lib/graph-view/cy-elements';
import {
  graphColors,
  graphStylesheet,
  layoutOptions,
  type GraphTheme,
} from '@/lib/graph-view/graph-style';
import { layoutRequest, runsInWorker } from '@/lib/graph-view/layout-request';
import { runLayout, type LayoutPositions } from '@/lib/graph-view/layout-run';
import { LayoutSuperseded, LayoutWorker } from '@/lib/graph-view/layout-worker';
import { edgeLabelsReadable, heldElements } from '@/lib/graph-view/level-of-detail';
import { needsLayout, syncElements } from '@/lib/graph-view/sync';
import type { RunLayout } from '@/lib/graph-view/layout-choice';
import styles from './GraphCanvas.module.css';

// Extensions register once per page, at module scope.
cytoscape.use(dagre);
cytoscape.use(fcose as cytoscape.Ext);

export interface GraphCanvasProps {
  elements: CyElements;
  layout: RunLayout;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  /** Incremented by the parent to ask for a fit. */
  fitRequest: number;
  /** Greyed out while the data is stale. */
  stale: boolean;
  /** Draw with Cytoscape's WebGL renderer; read once, when the canvas mounts. */
  webgl?: boolean;
}

/** Reads the theme's colours from CSS variables, so the canvas follows light and dark mode. */
/**
 * The canvas' theme, read from the page's design tokens (app/globals.css) as the browser
 * resolves them for the current color-scheme: a token may be `light-dark(…)`, which only a
 * property that uses it resolves, so each is resolved on a hidden probe.
 */
function pageTheme(): GraphTheme {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  const resolve = (token: string) => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  try {
    return {
      text: resolve('--text'),
      surface: resolve('--surface'),
      box: resolve('--bg'),
      colors: graphColors(resolve),
    };
  } finally {
    probe.remove();
  }
}

type Positions = Map<string, { x: number; y: number }>;

function positionsOf(cy: Core): Positions {
  const out: Positions = new Map();
  cy.nodes().forEach((node) => {
    out.set(node.id(), { ...node.position() });
  });
  return out;
}

/** How many of the nodes placed before are somewhere else now. */
function movedSince(cy: Core, before: Positions): number {
  let moved = 0;
  cy.nodes().forEach((node) => {
    const was = before.get(node.id());
    if (!was) return;
    const now = node.position();
    if (Math.abs(now.x - was.x) > 0.5 || Math.abs(now.y - was.y) > 0.5) moved += 1;
  });
  return moved;
}

/**
 * The Cytoscape canvas. One `cy` per mount, destroyed on unmount; new data is synced into it
 * in place, and the layout runs only when the graph has outgrown it (see `needsLayout`), so
 * refreshes never move nodes and zoom and pan are kept.
 */
export function GraphCanvas({
  elements,
  layout,
  selected,
  onSelect,
  fitRequest,
  stale,
  webgl = false,
}: GraphCanvasProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const onSelectRef = useRef(onSelect);
  const lastLayout = useRef<RunLayout | undefined>(undefined);
  const workerRef = useRef<LayoutWorker | undefined>(undefined);
  // Cytoscape takes its renderer once; the parent keys the canvas on it to switch.
  const [renderer] = useState<'webgl' | 'canvas'>(webgl ? 'webgl' : 'canvas');
  // Bumped by every layout: positions from an older one are not applied.
  const layoutGeneration = useRef(0);
  const [layoutRuns, setLayoutRuns] = useState(0);
  const [layoutState, setLayoutState] = useState<'running' | 'done'>('running');
  // Nodes the last update moved (0 on a refresh with the same elements): for tests and the
  // benchmark, as is the `meshlens:graph-sync` performance measure of each update.
  const [moved, setMoved] = useState(0);
  // Where the last layout ran: `worker`, or `page` (no worker to be had).
  const [layoutWhere, setLayoutWhere] = useState<'worker' | 'page'>('page');
  // Whether edge labels are drawn at the current zoom (see level-of-detail.ts).
  const [labelsReadable, setLabelsReadable] = useState(true);

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: graphStylesheet(pageTheme()),
      // Low enough for Fit to show a thousand-service graph whole.
      minZoom: 0.01,
      maxZoom: 3,
      boxSelectionEnabled: false,
      // WebGL draws nodes and edges as textures on the GPU; labels and the rest as before.
      ...(renderer === 'webgl' ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    // Hovering a node or edge explains it (its badges, its flags) in the container's tooltip.
    cy.on('mouseover', 'node, edge', (event) => {
      const hint = (event.target as cytoscape.SingularElementReturnValue).data('hint');
      if (container.current) container.current.title = typeof hint === 'string' ? hint : '';
    });
    cy.on('zoom', () => setLabelsReadable(edgeLabelsReadable(cy.zoom())));
    cy.on('mouseout', 'node, edge', () => {
      if (container.current) container.current.title = '';
    });
    cy.on('tap', (event) => {
      const target = event.target as Core | cytoscape.SingularElementReturnValue;
      if (target === cy) onSelectRef.current(undefined);
      else if (!(target as cytoscape.SingularElementReturnValue).data('isBox'))
        onSelectRef.current((target as cytoscape.SingularElementReturnValue).id());
    });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const restyle = () => cy.style(graphStylesheet(pageTheme()));
    scheme.addEventListener('change', restyle);
    cyRef.current = cy;
    return () => {
      scheme.removeEventListener('change', restyle);
      workerRef.current?.dispose();
      workerRef.current = undefined;
      cy.destroy();
      cyRef.current = undefined;
    };
  }, [renderer]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const started = performance.now();
    const before = positionsOf(cy);
    const changes = syncElements(cy, heldElements(elements, labelsReadable, selected));
    performance.measure('meshlens:graph-sync', { start: started });
    if (lastLayout.current === layout && !needsLayout(changes, cy.nodes().length)) {
      setMoved(movedSince(cy, before));
      return;
    }
    lastLayout.current = layout;
    const generation = (layoutGeneration.current += 1);
    setLayoutState('running');
    setLayoutRuns((n) => n + 1);
    // Done once the layout has stopped and the frame after it has been painted; a layout
    // that a newer one replaced reports nothing.
    const finish = () => {
      if (generation !== layoutGeneration.current) return;
      setMoved(movedSince(cy, before));
      requestAnimationFrame(() => requestAnimationFrame(() => setLayoutState('done')));
    };
    const place = (positions: LayoutPositions) => {
      const run = cy.layout({
        name: 'preset',
        positions: (node: cytoscape.NodeSingular) => positions[node.id()] ?? node.position(),
        fit: true,
        padding: 30,
        animate: false,
      } as cytoscape.LayoutOptions);
      run.one('layoutstop', finish);
      run.run();
    };
    const inPlace = () => {
      setLayoutWhere('page');
      // Our own rings are computed, not a Cytoscape layout: the same code as in the worker.
      if (layout === 'rings') return place(runLayout(layoutRequest(cy, layout)));
      const run = cy.layout(
        layoutOptions(layout, cy.nodes().length) as unknown as cytoscape.LayoutOptions,
      );
      run.one('layoutstop', finish);
      run.run();
    };
    if (!runsInWorker(layout) || !LayoutWorker.supported) return inPlace();
    // Off the main thread: the worker gets sizes and nesting, the canvas its positions back.
    workerRef.current ??= new LayoutWorker();
    setLayoutWhere('worker');
    workerRef.current.run(layoutRequest(cy, layout)).then(
      (positions) => {
        if (generation !== layoutGeneration.current || cy.destroyed()) return;
        place(positions);
      },
      (error: unknown) => {
        if (error instanceof LayoutSuperseded) return;
        if (generation !== layoutGeneration.current || cy.destroyed()) return;
        // A worker that cannot start (a strict CSP, an old browser) must not cost the graph.
        console.warn('Meshlens: laying out on the page instead of in a worker:', error);
        inPlace();
      },
    );
  }, [elements, layout, labelsReadable, selected]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (selected) cy.getElementById(selected).select();
  }, [selected, elements]);

  useEffect(() => {
    if (fitRequest > 0) cyRef.current?.fit(undefined, 30);
  }, [fitRequest]);

  const nodeCount = elements.nodes.filter((n) => !n.data.isBox).length;
  const tracedNodes = elements.nodes.filter((n) => n.data.traced).length;
  const tracedEdges = elements.edges.filter((e) => e.data.traced).length;
  const whatIfEdges = elements.edges.filter((e) => e.data.whatIf).length;
  const delayNodes = elements.nodes.filter((n) => n.data.delay !== undefined).length;
  const found =
    elements.nodes.filter((n) => n.data.found).length +
    elements.edges.filter((e) => e.data.found).length;
  const delayEdges = elements.edges.filter((e) => e.data.delay !== undefined).length;
  // Until the first layout is back, the nodes sit in a pile: hide them and say why.
  const firstLayout = layoutState === 'running' && layoutRuns <= 1;
  return (
    <>
      {firstLayout && nodeCount > 0 && (
        <p className="graph-message muted" role="status">
          Laying out {nodeCount.toLocaleString('en-US')} nodes…
        </p>
      )}
      <div
        ref={container}
        className={`${styles.graphCanvas}${stale ? ` ${styles.graphCanvasStale}` : ''}${firstLayout ? ` ${styles.graphCanvasHidden}` : ''}`}
        data-testid="graph-canvas"
        data-nodes={nodeCount}
        data-edges={elements.edges.length}
        data-layout-runs={layoutRuns}
        data-layout-state={layoutState}
        data-stale={stale ? 'true' : 'false'}
        data-nodes-moved={moved}
        data-layout-where={layoutWhere}
        data-edge-labels={labelsReadable ? 'drawn' : 'held back'}
        data-renderer={renderer}
        data-traced-nodes={tracedNodes}
        data-traced-edges={tracedEdges}
        data-what-if-edges={whatIfEdges}
        data-delay-nodes={delayNodes}
        data-found={found}
        data-delay-edges={delayEdges}
        role="img"
        aria-label={`Service graph with ${nodeCount} nodes and ${elements.edges.length} edges; the side panel lists them`}
      />
    </>
  );
}
