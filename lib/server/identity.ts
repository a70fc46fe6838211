import 'server-only';
import { createHash } from 'node:crypto';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import { SESSION_COOKIE, openSession, readCookie } from '../security/session';
import { getBackends, type Backends } from './backends';
import { observeUpstreamCall } from './metrics';

/** The request has no valid session (token sign-in); becomes a 401. */
export class UnauthenticatedError extends Error {
  constructor() {
    super('Sign in with a Kubernetes token to use Meshlens.');
    this.name = 'UnauthenticatedError';
  }
}

const globalForClients = globalThis as typeof globalThis & {
  __meshlensUserClients?: Map<string, KubeClient>;
};

/**
 * A Kubernetes client per signed-in token, kept by the token's hash (never the token itself)
 * so repeated requests reuse discovery; at most 100, oldest dropped first.
 */
function clientFor(token: string): KubeClient {
  const clients = (globalForClients.__meshlensUserClients ??= new Map());
  const key = createHash('sha256').update(token).digest('hex');
  let client = clients.get(key);
  if (!client) {
    client = createKubeClient({ ...getConfig().kube, token, observe: observeUpstreamCall });
    clients.set(key, client);
    if (clients.size > 100) clients.delete(clients.keys().next().value as string);
  }
  return client;
}

/** The signed-in user's token, or undefined (also when sign-in is not in use). */
export function sessionToken(request: Request, nowMs = Date.now()): string | undefined {
  const { auth } = getConfig();
  if (auth.strategy !== 'token') return undefined;
  return openSession(
    auth.sessionSecret,
    readCookie(request.headers.get('cookie'), SESSION_COOKIE),
    nowMs,
  )?.token;
}

/**
 * The backends for one request: with token sign-in, Kubernetes calls run as the signed-in
 * user, so Kubernetes RBAC decides what they see and may change.
 */
export function backendsFor(request: Request): Backends {
  const backends = getBackends();
  if (getConfig().auth.strategy === 'anonymous') return backends;
  const token = sessionToken(request);
  if (!token) throw new UnauthenticatedError();
  return { ...backends, kube: clientFor(token) };
}

/** A client for a token being signed in with (not cached: it may be wrong). */
export const clientForSignIn = (token: string): KubeClient =>
  createKubeClient({ ...getConfig().kube, token, observe: observeUpstreamCall });
