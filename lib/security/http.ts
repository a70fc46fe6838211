/**
 * HTTP-level protections, pure so they can be tested: which Host headers we answer, the
 * Content-Security-Policy (with who may frame us), and what a state-changing request must
 * carry. `proxy.ts` applies them to every request.
 */

/** Hosts a port-forwarded dashboard answers by default; anything else could be DNS rebinding. */
export const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header, lower-case, without the port (IPv6 keeps its brackets). */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

/**
 * Whether a request's Host is one we serve. Entries are host names (`meshlens.example.com`),
 * `*.example.com` for any subdomain, or `*` for any host (behind a proxy that checks it).
 */
export function hostAllowed(hostHeader: string | null, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    if (e === '*') return true;
    if (e.startsWith('*.')) return name.endsWith(e.slice(1)) && name.length > e.length - 1;
    return name === e;
  });
}

/**
 * The Content-Security-Policy of every answer: scripts only from us and with this request's
 * nonce (Next.js puts it on its own scripts), no plugins, and framing only by ourselves and
 * the configured origins (Grafana). `X-Frame-Options` is never sent: it cannot list origins.
 */
export function contentSecurityPolicy(nonce: string, frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React style attributes and Cytoscape's canvas sizing are inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}

/** Headers every answer carries besides the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * Why a state-changing API request is refused, or undefined when it may proceed. It must
 * carry our custom header (a cross-site form or fetch cannot send it without a CORS
 * preflight, which we never grant), and an `Origin`, when sent, must be our own.
 */
export function csrfRefusal(
  method: string,
  headers: {
    origin: string | null;
    host: string | null;
    custom: string | null;
    forwardedProto?: string | null;
  },
  requestProtocol: string,
): string | undefined {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return undefined;
  if (headers.custom !== '1')
    return 'a state-changing request must send the X-Meshlens header (from Meshlens pages)';
  if (headers.origin) {
    const protocol = headers.forwardedProto ?? requestProtocol.replace(/:$/, '');
    if (headers.origin !== `${protocol}://${headers.host}`)
      return `requests from origin ${headers.origin} are not accepted`;
  }
  return undefined;
}

/** The header the preloaded peer-address.cjs sets to the TCP peer (see scripts/). */
export const PEER_HEADER = 'x-meshlens-peer';

/** Whether a request came straight from one of the proxy addresses (IPv4-mapped IPv6 too). */
export function peerAllowed(peer: string | null, proxies: readonly string[]): boolean {
  if (!peer) return false;
  const address = peer.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return proxies.some((p) => p.toLowerCase() === address);
}

/** The bearer token of an Authorization header. */
export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer\s+([\x21-\x7e]+)$/i.exec(authorization ?? '');
  return match?.[1];
}
