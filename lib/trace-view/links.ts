import { NAMESPACE_NAME } from '../contracts/graph-params';

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
  const url = new URL(safe ?? '/graph', 'http://meshlens.local');
  if (!safe) {
    const valid = [...new Set(namespaces)].filter((n) => NAMESPACE_NAME.test(n)).sort();
    if (valid.length) url.searchParams.set('namespaces', valid.join(','));
  }
  url.searchParams.delete('trace');
  const href = `${url.pathname}${url.search}`;
  url.searchParams.set('trace', traceId);
  return { href, withTrace: `${url.pathname}${url.search}` };
}
