import { graphPath } from '../graph-view/links';
import { parseViewState } from '../graph-view/view-state';

/**
 * The graph view a trace page links back to. Only a same-origin `/graph` path is accepted
 * as `back` (never a URL that could lead elsewhere); without one, a graph of the trace's
 * namespaces.
 */
export function graphLinkForTrace(
  back: string | undefined,
  traceId: string,
  namespaces: readonly string[],
): { href: string; withTrace: string } {
  const safe = back && /^\/graph(\?|$)/.test(back) ? back : undefined;
  const view = safe
    ? parseViewState(new URL(safe, 'http://meshlens.local').searchParams)
    : parseViewState(new URLSearchParams({ namespaces: namespaces.join(',') }));
  return {
    href: graphPath({ ...view, trace: undefined }),
    withTrace: graphPath({ ...view, trace: traceId }),
  };
}
