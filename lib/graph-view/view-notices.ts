import type { GraphViewState } from './view-state';
import { DEFAULT_VIEW, serializeViewState } from './view-state';

/** Every query parameter the graph page reads (view state, Grafana's window, embedding). */
const KNOWN = new Set([...Object.keys(DEFAULT_VIEW), 'whatif', 'from', 'to', 'kiosk', 'theme']);
/** State keys read as written, without a fixed set of values. */
const FREE_TEXT = new Set(['find', 'hide', 'selected', 'traceMinDuration', 'traceTags']);

/**
 * What the graph did with parameters it could not use: unknown names, and values it replaced
 * (with what), so a mistyped or stale link is corrected in the open instead of silently. Pure.
 */
export function viewStateNotices(query: URLSearchParams, state: GraphViewState): string[] {
  const used = serializeViewState(state);
  const notices: string[] = [];
  for (const [name, raw] of query) {
    if (!KNOWN.has(name)) {
      notices.push(`Ignored unknown parameter ${name}.`);
      continue;
    }
    if (FREE_TEXT.has(name) || ['from', 'to', 'kiosk', 'theme'].includes(name)) continue;
    if (name === 'namespaces') {
      const dropped = raw
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && !state.namespaces.includes(n));
      if (dropped.length > 0)
        notices.push(
          `Ignored ${dropped.map((n) => JSON.stringify(n)).join(', ')}: not namespace names.`,
        );
      continue;
    }
    const key = name as keyof GraphViewState;
    const value = used.get(name) ?? String(DEFAULT_VIEW[key] ?? '');
    // Parsing normalises some values (a short trace id padded); only a replacement is news.
    if (name === 'trace' && state.trace) continue;
    // Grafana's from/to decide the window and the moment over duration and time.
    if ((name === 'duration' || name === 'time') && query.has('from') && query.has('to')) continue;
    if (raw !== value) {
      notices.push(
        value === '' || value === 'undefined'
          ? `Ignored ${name}=${JSON.stringify(raw)}: not a valid value.`
          : `${name}=${JSON.stringify(raw)} is not a valid value: showing ${value}.`,
      );
    }
  }
  return notices;
}
