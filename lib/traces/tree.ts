/**
 * Turns a trace's flat span list into the waterfall's tree: parents before children, depth,
 * offsets from the trace start, the critical path, and a warning for everything malformed
 * (orphans, duplicate ids, references into other traces, several roots, clock skew, zero
 * durations, parent cycles). Never throws: a broken trace is shown, with what is wrong.
 */
import type { Span, Trace, TraceSummary } from './model';

export interface SpanRow {
  /** Unique per row even when the backend sent duplicate span ids. */
  key: string;
  span: Span;
  depth: number;
  /** Row keys of the children, in start order. */
  children: string[];
  /** Start relative to the trace's first span. */
  offsetUs: number;
  onCriticalPath: boolean;
  warnings: string[];
}

export interface TraceTree {
  traceId: string;
  startUs: number;
  durationUs: number;
  /** Rows in depth-first order: what the waterfall draws. */
  rows: SpanRow[];
  /** Distinct services in order of first appearance, for colours and the legend. */
  services: string[];
  errorSpanCount: number;
  /** Problems with the trace as a whole. */
  warnings: string[];
}

const formatUs = (us: number): string =>
  us >= 1000 ? `${(us / 1000).toFixed(us >= 10_000 ? 0 : 1)} ms` : `${Math.round(us)} µs`;

/** Builds the waterfall tree of a trace. O(n log n) in the span count, without recursion. */
export function buildTraceTree(trace: Trace): TraceTree {
  const warnings = [...trace.warnings];
  const spans = [...trace.spans].sort(
    (a, b) => a.startUs - b.startUs || a.spanId.localeCompare(b.spanId),
  );
  // A loop, not Math.min(...spans): spreading 100k+ arguments overflows the stack.
  let startUs = spans.length ? Infinity : 0;
  let endUs = spans.length ? -Infinity : 0;
  for (const s of spans) {
    startUs = Math.min(startUs, s.startUs);
    endUs = Math.max(endUs, s.startUs + s.durationUs);
  }

  // Rows, keyed uniquely; the first span with an id owns it for parent lookups.
  const rows = new Map<string, SpanRow>();
  const ownerOf = new Map<string, SpanRow>();
  const duplicates = new Map<string, number>();
  for (const span of spans) {
    const seen = duplicates.get(span.spanId) ?? 0;
    duplicates.set(span.spanId, seen + 1);
    const key = seen === 0 ? span.spanId : `${span.spanId}#${seen + 1}`;
    const row: SpanRow = {
      key,
      span,
      depth: 0,
      children: [],
      offsetUs: span.startUs - startUs,
      onCriticalPath: false,
      warnings: [...span.warnings],
    };
    if (seen > 0)
      row.warnings.push(`duplicate span id ${span.spanId}: another span has the same id`);
    if (span.durationUs <= 0) row.warnings.push('zero duration');
    for (const ref of span.references) {
      if (ref.traceId !== trace.traceId)
        row.warnings.push(`refers to span ${ref.spanId} in another trace (${ref.traceId})`);
    }
    rows.set(key, row);
    if (seen === 0) ownerOf.set(span.spanId, row);
  }
  for (const [id, count] of duplicates) {
    if (count > 1) warnings.push(`span id ${id} is used by ${count} spans`);
  }

  // Link children to parents; spans whose parent is missing become roots (orphans).
  const parentOf = new Map<string, SpanRow>();
  const roots: SpanRow[] = [];
  for (const row of rows.values()) {
    const parentId = row.span.parentSpanId;
    const parent = parentId ? ownerOf.get(parentId) : undefined;
    if (parentId && (!parent || parent === row)) {
      row.warnings.push(
        parent === row ? 'is its own parent' : `parent span ${parentId} is missing from the trace`,
      );
      roots.push(row);
    } else if (parent) {
      parent.children.push(row.key);
      parentOf.set(row.key, parent);
      const { span } = row;
      const p = parent.span;
      if (span.startUs < p.startUs)
        row.warnings.push(
          `starts ${formatUs(p.startUs - span.startUs)} before its parent (clock skew?)`,
        );
      else if (span.startUs + span.durationUs > p.startUs + p.durationUs)
        row.warnings.push(
          `ends ${formatUs(span.startUs + span.durationUs - p.startUs - p.durationUs)} after its parent`,
        );
    } else {
      roots.push(row);
    }
  }

  // Depth-first order from the roots; anything unreached sits on a parent cycle.
  const ordered: SpanRow[] = [];
  const visited = new Set<string>();
  const walk = (root: SpanRow): void => {
    const stack: { row: SpanRow; depth: number }[] = [{ row: root, depth: 0 }];
    while (stack.length) {
      const { row, depth } = stack.pop() as { row: SpanRow; depth: number };
      if (visited.has(row.key)) continue;
      visited.add(row.key);
      row.depth = depth;
      ordered.push(row);
      for (let i = row.children.length - 1; i >= 0; i -= 1) {
        const child = rows.get(row.children[i] as string);
        if (child) stack.push({ row: child, depth: depth + 1 });
      }
    }
  };
  roots.forEach(walk);
  for (const row of rows.values()) {
    if (!visited.has(row.key)) {
      row.warnings.push('its parents form a cycle; shown as a root');
      const parent = parentOf.get(row.key);
      if (parent) parent.children = parent.children.filter((k) => k !== row.key);
      roots.push(row);
      walk(row);
    }
  }
  if (roots.length > 1)
    warnings.push(`${roots.length} root spans: the trace is incomplete or joins several requests`);

  markCriticalPath(roots, rows);

  const services: string[] = [];
  for (const row of ordered)
    if (!services.includes(row.span.service)) services.push(row.span.service);
  return {
    traceId: trace.traceId,
    startUs,
    durationUs: endUs - startUs,
    rows: ordered,
    services,
    errorSpanCount: spans.filter((s) => s.error).length,
    warnings,
  };
}

/**
 * Marks the critical path, as Jaeger UI does: from the root that ends last, walk back from
 * the end; the child that finishes last before the cursor is critical, then continue from
 * where it started.
 */
function markCriticalPath(roots: SpanRow[], rows: Map<string, SpanRow>): void {
  const end = (row: SpanRow) => row.span.startUs + row.span.durationUs;
  const root = [...roots].sort((a, b) => end(b) - end(a))[0];
  if (!root) return;
  const stack: { row: SpanRow; limit: number }[] = [{ row: root, limit: end(root) }];
  while (stack.length) {
    const { row, limit } = stack.pop() as { row: SpanRow; limit: number };
    if (row.onCriticalPath) continue;
    row.onCriticalPath = true;
    let cursor = Math.min(end(row), limit);
    const children = row.children
      .map((k) => rows.get(k))
      .filter((c): c is SpanRow => c !== undefined)
      .sort((a, b) => end(b) - end(a));
    for (const child of children) {
      if (child.span.startUs < cursor && end(child) > row.span.startUs) {
        stack.push({ row: child, limit: cursor });
        cursor = child.span.startUs;
      }
    }
  }
}

/** The search-result summary of a full trace (for backends that send whole traces). */
export function summariseTrace(trace: Trace): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const ordered = [...trace.spans].sort((a, b) => a.startUs - b.startUs);
  const root = ordered.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? ordered[0];
  const startUs = ordered[0]?.startUs ?? 0;
  const endUs = trace.spans.reduce((end, s) => Math.max(end, s.startUs + s.durationUs), startUs);
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount: number }>();
  for (const span of trace.spans) {
    const entry = services.get(span.service) ?? {
      name: span.service,
      spanCount: 0,
      errorSpanCount: 0,
    };
    entry.spanCount += 1;
    if (span.error) entry.errorSpanCount += 1;
    services.set(span.service, entry);
  }
  return {
    traceId: trace.traceId,
    rootService: root?.service ?? '',
    rootOperation: root?.operation ?? '',
    startUs,
    durationUs: endUs - startUs,
    spanCount: trace.spans.length,
    errorSpanCount: trace.spans.filter((s) => s.error).length,
    services: [...services.values()],
  };
}
