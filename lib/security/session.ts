/**
 * The `token` sign-in's session: the user's Kubernetes bearer token, sealed with AES-256-GCM
 * under a key derived from SESSION_SECRET, in an HttpOnly cookie. The token never reaches
 * client JavaScript, logs or metrics; a tampered, foreign, expired or signed-out cookie opens
 * to nothing. Older secrets (SESSION_SECRET_PREVIOUS) still open cookies, so a secret can be
 * rotated without signing everyone out at once.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'meshlens_session';

export interface Session {
  token: string;
  /** Expiry, unix ms. */
  exp: number;
  /** Session id: what sign-out revokes. */
  sid: string;
}

/** A new random session id. */
export const newSessionId = (): string => randomBytes(16).toString('hex');

/**
 * Signed-out session ids, until the session would have expired anyway. Kept on `globalThis`:
 * the request proxy and the route handlers are separate bundles of the same process. One
 * process only: with several replicas a sign-out reaches the replica that served it (see
 * docs/ARCHITECTURE.md).
 */
const revoked = ((
  globalThis as { __meshlensRevokedSessions?: Map<string, number> }
).__meshlensRevokedSessions ??= new Map<string, number>());

/** Refuses a session id from now until `exp`. */
export function revokeSession(sid: string, exp: number, nowMs: number): void {
  for (const [id, until] of revoked) if (until <= nowMs) revoked.delete(id);
  revoked.set(sid, exp);
}

const keyOf = (secret: string): Buffer =>
  createHash('sha256').update(`meshlens-session:${secret}`).digest();

/** Seals a session into a cookie value: base64url(iv ‖ tag ‖ ciphertext). */
export function sealSession(secret: string, session: Session): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Decrypts a sealed value with one secret; undefined when it was not sealed with it. */
function unseal(secret: string, raw: Buffer): unknown {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Opens a cookie value with the current secret or an older one; undefined when none sealed
 * it, or it has expired, or its session was signed out.
 */
export function openSession(
  secrets: string | readonly string[],
  value: string | undefined,
  nowMs: number,
): Session | undefined {
  if (!value || value.length > 16_384) return undefined;
  const raw = Buffer.from(value, 'base64url');
  if (raw.length < 29) return undefined;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const session = unseal(secret, raw) as Partial<Session> | undefined;
    if (!session) continue;
    if (
      typeof session.token !== 'string' ||
      typeof session.exp !== 'number' ||
      typeof session.sid !== 'string' ||
      session.exp <= nowMs ||
      (revoked.get(session.sid) ?? 0) > nowMs
    )
      return undefined;
    return { token: session.token, exp: session.exp, sid: session.sid };
  }
  return undefined;
}

/** A cookie from a `Cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The Set-Cookie value. SameSite=Lax keeps it off cross-site requests; when Meshlens is framed
 * by another site (FRAME_ANCESTORS) the browser only sends it with SameSite=None, which needs
 * Secure (HTTPS).
 */
export function sessionCookie(
  value: string,
  options: { maxAgeSec: number; path: string; secure: boolean; crossSite: boolean },
): string {
  const sameSite = options.crossSite ? 'None' : 'Lax';
  const secure = options.secure || options.crossSite;
  return `${SESSION_COOKIE}=${value}; Path=${options.path}; Max-Age=${options.maxAgeSec}; HttpOnly; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
}
