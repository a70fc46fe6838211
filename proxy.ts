import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './lib/config';
import {
  STATIC_SECURITY_HEADERS,
  contentSecurityPolicy,
  csrfRefusal,
  hostAllowed,
} from './lib/security/http';

const PROBES = new Set(['/api/healthz', '/api/readyz', '/api/metrics']);

/**
 * Runs before every request (Next.js 16's proxy, formerly middleware): refuses unknown Host
 * headers and cross-site writes, sets the security headers with a per-request CSP nonce, and
 * passes `?kiosk` and `?theme` to the layout.
 */
export function proxy(request: NextRequest): NextResponse {
  const config = getConfig();
  const host = request.headers.get('host');
  // Kubernetes probes and Prometheus scrapes address the pod by IP: let them through.
  const probe = PROBES.has(request.nextUrl.pathname);
  if (!probe && !hostAllowed(host, config.allowedHosts)) {
    return new NextResponse(
      `Meshlens does not answer for host ${host ?? '(none)'}: add it to ALLOWED_HOSTS.\n`,
      { status: 403, headers: { 'content-type': 'text/plain', ...STATIC_SECURITY_HEADERS } },
    );
  }
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const refusal = csrfRefusal(
      request.method,
      {
        origin: request.headers.get('origin'),
        host,
        custom: request.headers.get('x-meshlens'),
        forwardedProto: request.headers.get('x-forwarded-proto'),
      },
      request.nextUrl.protocol,
    );
    if (refusal) {
      return NextResponse.json(
        { error: { message: `Refused: ${refusal}. Nothing was changed.` } },
        { status: 403, headers: STATIC_SECURITY_HEADERS },
      );
    }
  }

  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, config.frameAncestors);
  const headers = new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP and puts it on its own scripts.
  headers.set('content-security-policy', csp);
  headers.set('x-nonce', nonce);
  const params = request.nextUrl.searchParams;
  const kiosk = params.get('kiosk');
  headers.set('x-meshlens-kiosk', kiosk !== null && kiosk !== 'false' && kiosk !== '0' ? '1' : '0');
  const theme = params.get('theme');
  headers.set('x-meshlens-theme', theme === 'light' || theme === 'dark' ? theme : '');

  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS))
    response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the hashed static files, which carry no data.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
