'use client';

import type { ReactNode } from 'react';
import type { NodeData } from '@/lib/contracts/graph';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { FOCUS_HOPS } from '@/lib/graph-view/focus';
import { utcMinute } from '@/lib/format';
import { compareText, isCompareMoment, type GraphViewState } from '@/lib/graph-view/view-state';

/** Says the graph shows one node's neighbourhood, with its hops and the way back. */
export function FocusBanner({
  node,
  shown,
  hops,
  onChange,
}: {
  node: NodeData;
  /** Nodes in the neighbourhood. */
  shown: number;
  hops: GraphViewState['hops'];
  onChange: (patch: Partial<GraphViewState>) => void;
}): ReactNode {
  return (
    <div className="banner banner-warning" role="status" aria-label="Focus">
      <p>
        Showing the {shown.toLocaleString('en-US')} nodes within{' '}
        <select
          aria-label="Hops"
          value={hops}
          onChange={(e) => onChange({ hops: Number(e.target.value) as GraphViewState['hops'] })}
        >
          {FOCUS_HOPS.map((h) => (
            <option key={h} value={h}>
              {h} {h === 1 ? 'hop' : 'hops'}
            </option>
          ))}
        </select>{' '}
        of {nodeLabel(node)}.{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ focus: undefined })}
        >
          Show the whole graph
        </button>
      </p>
    </div>
  );
}

/**
 * Says how many namespaces are folded, out of how many nodes, and how to see them all; and how
 * many of the calls between them are not drawn, and how to draw them.
 */
export function FoldBanner({
  folded,
  nodes,
  thinned,
  calls,
  onChange,
}: {
  folded: number;
  nodes: number;
  /** Calls between folded namespaces left out (see thin.ts). */
  thinned: number;
  calls: GraphViewState['calls'];
  onChange: (patch: Partial<GraphViewState>) => void;
}): ReactNode {
  return (
    <div className="banner banner-warning" role="status" aria-label="Folded namespaces">
      <p>
        {folded === 1 ? '1 namespace is' : `${folded} namespaces are`} folded into one node each (
        {nodes.toLocaleString('en-US')} nodes in all). Select one to see its traffic and expand it.{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ fold: 'none', expand: [] })}
        >
          Show every node
        </button>
      </p>
      {thinned > 0 && (
        <p>
          The {thinned.toLocaleString('en-US')} quietest calls between them are not drawn (failing
          ones always are, and each namespace’s busiest in and out).{' '}
          <button type="button" className="link-button" onClick={() => onChange({ calls: 'all' })}>
            Draw every call
          </button>
        </p>
      )}
      {thinned === 0 && calls === 'all' && (
        <p>
          Every call between them is drawn.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ calls: 'busiest' })}
          >
            Draw the busiest only
          </button>
        </p>
      )}
    </div>
  );
}

/** Says the graph is compared with a baseline, what is new and gone, and how to stop. */
export function CompareBanner({
  comparedTo,
  counts,
  compare,
  onChange,
}: {
  /** The baseline's end, unix seconds. */
  comparedTo: number | undefined;
  /** Elements new and gone in the whole graph. */
  counts: { new: number; vanished: number };
  /** The view's `compare` value: `1h`, or a moment in unix seconds. */
  compare: string;
  onChange: (patch: Partial<GraphViewState>) => void;
}): ReactNode {
  const at = comparedTo !== undefined ? `${utcMinute(comparedTo)} UTC` : undefined;
  const baseline = isCompareMoment(compare)
    ? `the window ending ${at ?? compareText(compare)}`
    : `${compareText(compare)}${at ? ` (${at})` : ''}`;
  return (
    <div className="banner banner-warning" role="status" aria-label="Comparison">
      <p>
        Compared with {baseline}: {counts.new} new (double border, dashed), {counts.vanished} gone
        (faint); labels show the change. Find changes with Δrps, Δ%err, Δrt.{' '}
        <button type="button" className="link-button" onClick={() => onChange({ compare: '' })}>
          Stop comparing
        </button>
      </p>
    </div>
  );
}
