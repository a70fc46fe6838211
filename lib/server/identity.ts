import 'server-only';
import { createHash } from 'node:crypto';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import { PEER_HEADER, bearerToken, peerAllowed } from '../security/http';
import { SESSION_COOKIE, openSession, readCookie } from '../security/session';
import { type Backends, getBackends, upstreamLimits } from './backends';
import { observeUpstreamCall } from './metrics';
import { sharedSignOuts } from './shared-sign-outs';
import { BadRequestError, UnauthenticatedError } from './route';

const globalForClients = globalThis as typeof globalThis & {
  __meshlensUserClients?: Map<string, KubeClient>;
};

/**
 * A Kubernetes client per signed-in token, kept by the token's hash (never the token itself)
 * so repeated requests reuse discovery; at most 100, oldest dropped first.
 */
function clientFor(identity: Identity): KubeClient {
  const clients = (globalForClients.__meshlensUserClients ??= new Map());
  const key = identityKey(identity);
  let client = clients.get(key);
  if (!client) {
    client = createKubeClient({
      ...getConfig().kube,
      token: identity.token,
      impersonate: identity.impersonate,
      observe: observeUpstreamCall,
      limit: upstreamLimits().kubernetes,
    });
    clients.set(key, client);
    if (clients.size > 100) clients.delete(clients.keys().next().value as string);
  }
  return client;
}

/** The signed-in user's token, or undefined (also when sign-in is not in use). */
export async function sessionToken(
  request: Request,
  nowMs = Date.now(),
): Promise<string | undefined> {
  const { auth } = getConfig();
  if (auth.strategy !== 'token') return undefined;
  sharedSignOuts();
  const session = await openSession(
    auth.sessionSecrets,
    readCookie(request.headers.get('cookie'), SESSION_COOKIE),
    nowMs,
  );
  return session?.token;
}

/**
 * The backends for one request: with token sign-in, Kubernetes calls run as the signed-in
 * user, so Kubernetes RBAC decides what they see and may change.
 */
export async function backendsFor(request: Request): Promise<Backends> {
  const backends = getBackends();
  const identity = await identityOf(request);
  // The user's client only: no other cluster's client (our own credentials) is handed out.
  return identity
    ? {
        ...backends,
        kube: clientFor(identity),
        clusters: { home: backends.clusters.home, clients: new Map() },
      }
    : backends;
}

/** Who a request's Kubernetes calls run as; undefined for Meshlens' own credentials. */
export interface Identity {
  token: string;
  impersonate?: { user: string; groups?: string[] };
}

/** Throws {@link UnauthenticatedError} when the strategy needs an identity the request lacks. */
async function identityOf(request: Request): Promise<Identity | undefined> {
  const { auth } = getConfig();
  if (auth.strategy === 'anonymous') return undefined;
  const identity =
    auth.strategy === 'token'
      ? ((token) => (token ? { token } : undefined))(await sessionToken(request))
      : proxiedIdentity(request);
  if (!identity) throw new UnauthenticatedError();
  return identity;
}

const identityKey = (identity: Identity): string =>
  createHash('sha256')
    .update(
      `${identity.token}\n${identity.impersonate?.user ?? ''}\n${(identity.impersonate?.groups ?? []).join('\n')}`,
    )
    .digest('hex');

/**
 * With AUTH_STRATEGY=header: the bearer token (and Impersonate-User / Impersonate-Group)
 * the authenticating proxy sent, taken only from requests that came straight from it (the
 * peer address set by peer-address.cjs).
 */
export function proxiedIdentity(request: Request): Identity | undefined {
  const { auth } = getConfig();
  if (auth.strategy !== 'header') return undefined;
  if (!peerAllowed(request.headers.get(PEER_HEADER), auth.proxyAddresses)) return undefined;
  const token = bearerToken(request.headers.get('authorization'));
  if (!token) return undefined;
  const user = request.headers.get('impersonate-user') ?? undefined;
  // Several Impersonate-Group lines reach us joined by ", " (Fetch Headers): each is a group,
  // sent on to Kubernetes as a line of its own. Group names with commas cannot pass a proxy.
  const groups = (request.headers.get('impersonate-group') ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  if (!user && groups.length) throw new BadRequestError('Impersonate-Group needs Impersonate-User');
  return {
    token,
    ...(user ? { impersonate: { user, ...(groups.length ? { groups } : {}) } } : {}),
  };
}

/**
 * Who is acting, for the audit log, without revealing a token: the service account, the
 * impersonated user, or the first 12 hex digits of the token's SHA-256.
 */
export async function actorOf(request: Request): Promise<string> {
  const identity = await identityOf(request);
  if (!identity) return 'meshlens (own credentials)';
  if (identity.impersonate) return `user ${identity.impersonate.user}`;
  return `token sha256:${createHash('sha256').update(identity.token).digest('hex').slice(0, 12)}`;
}

/** A client for a token being signed in with (not cached: it may be wrong). */
export const clientForSignIn = (token: string): KubeClient =>
  createKubeClient({ ...getConfig().kube, token, observe: observeUpstreamCall });
