import 'server-only';
import { getConfig } from '../config';
import { loginSchema, type SessionInfo } from '../contracts/auth';
import {
  SESSION_COOKIE,
  newSessionId,
  openSession,
  readCookie,
  revokeSession,
  sealSession,
  sessionCookie,
} from '../security/session';
import { isUpstreamError } from '../upstream/errors';
import { sharedSignOuts } from './shared-sign-outs';
import { clientForSignIn, proxiedIdentity, sessionToken } from './identity';
import { BadRequestError, json, parseBody } from './route';

const cookiePath = () => getConfig().basePath || '/';

/** Cookie attributes for this request: Secure behind HTTPS, SameSite=None when framed cross-site. */
function cookieOptions(request: Request, maxAgeSec: number) {
  const forwarded = request.headers.get('x-forwarded-proto');
  const secure = (forwarded ?? new URL(request.url).protocol.replace(':', '')) === 'https';
  return {
    maxAgeSec,
    path: cookiePath(),
    secure,
    crossSite: getConfig().frameAncestors.length > 0,
  };
}

/**
 * Signs in with a Kubernetes bearer token: the API server must accept it (a
 * SelfSubjectAccessReview is answered for any authenticated user), then it is sealed into an
 * HttpOnly cookie. The token is never logged or echoed.
 */
export async function login(request: Request): Promise<Response> {
  const { auth } = getConfig();
  if (auth.strategy !== 'token')
    throw new BadRequestError('sign-in is not in use (AUTH_STRATEGY=anonymous)');
  const { token } = await parseBody(request, loginSchema);
  try {
    await clientForSignIn(token).canI(
      { verb: 'list', group: '', resource: 'namespaces' },
      { signal: request.signal },
    );
  } catch (error) {
    if (isUpstreamError(error) && (error.status === 401 || error.status === 403))
      return json(
        {
          error: {
            message: 'The Kubernetes API did not accept this token.',
            backend: 'kubernetes',
            kind: 'unauthenticated',
          },
        },
        401,
      );
    throw error;
  }
  const now = Date.now();
  const value = await sealSession(auth.sessionSecret, {
    token,
    exp: now + auth.sessionTtlMs,
    sid: newSessionId(),
  });
  const response = json({ strategy: 'token', signedIn: true } satisfies SessionInfo);
  response.headers.append(
    'set-cookie',
    sessionCookie(value, cookieOptions(request, Math.floor(auth.sessionTtlMs / 1000))),
  );
  return response;
}

/**
 * Signs out: the cookie is cleared and its session refused from now on, so a copy of the
 * cookie (another tab, a replay) no longer works either.
 */
export async function logout(request: Request): Promise<Response> {
  const { auth } = getConfig();
  const clear = sessionCookie('', cookieOptions(request, 0));
  if (auth.strategy === 'token') {
    const now = Date.now();
    const open = await openSession(
      auth.sessionSecrets,
      readCookie(request.headers.get('cookie'), SESSION_COOKIE),
      now,
    );
    if (open) {
      revokeSession(open.sid, open.exp, now);
      const shared = sharedSignOuts();
      try {
        await shared?.record(open.sid, open.exp, request.signal);
      } catch (error) {
        // Signed out here, but other replicas would still accept a copy of the cookie: say so.
        const response = json(
          {
            error: {
              message: `Signed out on this replica only: the sign-out record ${shared?.where} could not be written (${error instanceof Error ? error.message : String(error)}).`,
              backend: 'kubernetes',
              kind: isUpstreamError(error) ? error.kind : 'http',
            },
          },
          502,
        );
        response.headers.append('set-cookie', clear);
        return response;
      }
    }
  }
  const response = json({ strategy: auth.strategy, signedIn: false } satisfies SessionInfo);
  response.headers.append('set-cookie', clear);
  return response;
}

export async function session(request: Request): Promise<Response> {
  const { strategy } = getConfig().auth;
  const signedIn =
    strategy === 'anonymous' ||
    (strategy === 'token' ? await sessionToken(request) : proxiedIdentity(request)) !== undefined;
  return json({ strategy, signedIn } satisfies SessionInfo);
}
