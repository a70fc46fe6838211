/**
 * The `token` sign-in's session: the user's Kubernetes bearer token, sealed by `jose` as a
 * compact JWE (direct AES-256-GCM under a key derived from SESSION_SECRET, with a key id) in
 * an HttpOnly cookie. The token never reaches
 * client JavaScript, logs or metrics; a tampered, foreign, expired or signed-out cookie opens
 * to nothing. Older secrets (SESSION_SECRET_PREVIOUS) still open cookies, so a secret can be
 * rotated without signing everyone out at once.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';

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

/** Derived once per secret: every request opens its cookie (in the proxy and the handler). */
const derived = new Map<string, { key: Uint8Array; keyId: string }>();

/** A secret's key (256 bits for AES-256-GCM, from a secret of any length) and key id. */
function derive(secret: string): { key: Uint8Array; keyId: string } {
  let found = derived.get(secret);
  if (!found) {
    found = {
      key: createHash('sha256').update(`meshlens-session:${secret}`).digest(),
      keyId: keyIdOf(secret),
    };
    derived.set(secret, found);
  }
  return found;
}

/**
 * A secret's key id, carried in each cookie's protected header: opening picks the one secret
 * that sealed it instead of trying each, and rotation (SESSION_SECRET_PREVIOUS) stays cheap.
 * A hash of a hash: it names the key without revealing anything of it.
 */
const keyIdOf = (secret: string): string =>
  createHash('sha256').update(`meshlens-session-kid:${secret}`).digest('base64url').slice(0, 11);

const sealedSchema = z.object({
  token: z.string().min(1),
  exp: z.number(),
  sid: z.string().min(1),
});

/** Seals a session into a cookie value: a compact JWE (`dir`, A256GCM) with the key's id. */
export async function sealSession(secret: string, session: Session): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(session)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: derive(secret).keyId })
    .encrypt(derive(secret).key);
}

/** The secret whose key id a cookie names, if it is one of ours. */
function secretFor(secrets: readonly string[], value: string): string | undefined {
  try {
    const { alg, enc, kid } = decodeProtectedHeader(value);
    if (alg !== 'dir' || enc !== 'A256GCM') return undefined;
    return secrets.find((secret) => derive(secret).keyId === kid);
  } catch {
    return undefined;
  }
}

/**
 * Opens a cookie value with the current secret or an older one; undefined when none sealed
 * it, or it was tampered with, or it has expired, or its session was signed out.
 */
export async function openSession(
  secrets: string | readonly string[],
  value: string | undefined,
  nowMs: number,
): Promise<Session | undefined> {
  if (!value || value.length > 16_384) return undefined;
  const secret = secretFor(typeof secrets === 'string' ? [secrets] : secrets, value);
  if (secret === undefined) return undefined;
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(value, derive(secret).key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    }));
  } catch {
    return undefined;
  }
  const session = sealedSchema.safeParse(parseJson(new TextDecoder().decode(plaintext)));
  if (!session.success) return undefined;
  const { token, exp, sid } = session.data;
  if (exp <= nowMs || (revoked.get(sid) ?? 0) > nowMs) return undefined;
  return { token, exp, sid };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
