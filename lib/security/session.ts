/**
 * The `token` sign-in's session: the user's Kubernetes bearer token, sealed with AES-256-GCM
 * under a key derived from SESSION_SECRET, in an HttpOnly cookie. The token never reaches
 * client JavaScript, logs or metrics; a tampered, foreign or expired cookie opens to nothing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'meshlens_session';

export interface Session {
  token: string;
  /** Expiry, unix ms. */
  exp: number;
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

/** Opens a cookie value; undefined when it was not sealed with this secret or has expired. */
export function openSession(
  secret: string,
  value: string | undefined,
  nowMs: number,
): Session | undefined {
  if (!value || value.length > 16_384) return undefined;
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
    const session = JSON.parse(text) as Partial<Session>;
    if (
      typeof session.token !== 'string' ||
      typeof session.exp !== 'number' ||
      session.exp <= nowMs
    )
      return undefined;
    return { token: session.token, exp: session.exp };
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
