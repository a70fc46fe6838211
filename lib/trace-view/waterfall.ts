import type { SpanRow, TraceTree } from '../traces/tree';

/**
 * The rows the waterfall shows: depth-first, without the descendants of collapsed rows. One
 * pass over the rows, so a 10,000-span trace stays cheap to recompute on every toggle.
 */
export function visibleRows(tree: TraceTree, collapsed: ReadonlySet<string>): SpanRow[] {
  const out: SpanRow[] = [];
  let hideDeeperThan = Infinity;
  for (const row of tree.rows) {
    if (row.depth > hideDeeperThan) continue;
    hideDeeperThan = Infinity;
    out.push(row);
    if (collapsed.has(row.key) && row.children.length > 0) hideDeeperThan = row.depth;
  }
  return out;
}

/** The window of rows to render for a scroll position (virtualisation), with overscan. */
export function rowWindow(
  count: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  overscan = 10,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}

/** Left offset and width of a span's bar, in % of the trace's duration (at least a sliver). */
export function barGeometry(
  row: SpanRow,
  traceDurationUs: number,
): { leftPercent: number; widthPercent: number } {
  const total = traceDurationUs || 1;
  const leftPercent = Math.min(100, Math.max(0, (row.offsetUs / total) * 100));
  const widthPercent = Math.max(
    0.2,
    Math.min(100 - leftPercent, (row.span.durationUs / total) * 100),
  );
  return { leftPercent, widthPercent };
}
