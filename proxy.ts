import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './lib/config';
import type { AppConfig } from './lib/config/env';
import {
  PEER_HEADER,
  STATIC_SECURITY_HEADERS,
  bearerToken,
  peerAllowed,
  contentSecurityPolicy,
  csrfRefusal,
  hostAllowed,
} from './lib/security/http';
import { SESSION_COOKIE, openSession } from './lib/security/session';

const PROBES = new Set(['/api/healthz', '/api/readyz', '/api/metrics']);

/**
 * With token sign-in, everything but the sign-in page, its API and the probes needs a valid
 * session: pages redirect to /login (then back), API calls answer 401.
 */
async function requireSession(
  request: NextRequest,
  config: AppConfig,
): Promise<NextResponse | undefined> {
  const path = request.nextUrl.pathname;
  if (config.auth.strategy === 'header') {
    // Behind an authenticating proxy: only requests straight from it, carrying a token.
    if (PROBES.has(path)) return undefined;
    const fromProxy = peerAllowed(request.headers.get(PEER_HEADER), config.auth.proxyAddresses);
    if (fromProxy && bearerToken(request.headers.get('authorization'))) return undefined;
    return NextResponse.json(
      {
        error: {
          message: 'Meshlens is behind an authenticating proxy: requests must come through it.',
          kind: 'unauthenticated',
        },
      },
      { status: 401, headers: STATIC_SECURITY_HEADERS },
    );
  }
  if (config.auth.strategy !== 'token') return undefined;
  if (
    path === '/login' ||
    path.startsWith('/api/auth/') ||
    PROBES.has(path) ||
    path === '/icon.svg'
  )
    return undefined;
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  if (await openSession(config.auth.sessionSecrets, cookie, Date.now())) return undefined;
  if (path.startsWith('/api/'))
    return NextResponse.json(
      {
        error: {
          message: 'Sign in with a Kubernetes token to use Meshlens.',
          kind: 'unauthenticated',
        },
      },
      { status: 401, headers: STATIC_SECURITY_HEADERS },
    );
  const login = request.nextUrl.clone();
  login.pathname = '/login';
  login.search = `?next=${encodeURIComponent(path + request.nextUrl.search)}`;
  return NextResponse.redirect(login);
}

/**
 * Runs before every request (Next.js 16's proxy, formerly middleware): refuses unknown Host
 * headers and cross-site writes, sets the security headers with a per-request CSP nonce, and
 * passes `?kiosk` and `?theme` to the layout.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
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
  const signIn = await requireSession(request, config);
  if (signIn) return signIn;
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
