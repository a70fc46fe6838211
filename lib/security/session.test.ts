import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  SESSION_COOKIE,
  openSession,
  readCookie,
  revokeSession,
  sealSession,
  sessionCookie,
} from './session';

const SECRET = 'a-very-long-session-secret-of-32+chars';
const OLD = 'the-previous-session-secret-32-chars!';

describe('sessions', () => {
  it('opens what it sealed, until it expires', async () => {
    const value = await sealSession(SECRET, { token: 'demo-viewer-token', exp: 2000, sid: 's1' });
    expect(value).not.toContain('demo-viewer-token');
    expect(await openSession(SECRET, value, 1000)).toEqual({
      token: 'demo-viewer-token',
      exp: 2000,
      sid: 's1',
    });
    expect(await openSession(SECRET, value, 2000)).toBeUndefined();
  });

  it('is a compact JWE, direct A256GCM, naming its key without revealing it', async () => {
    const value = await sealSession(SECRET, { token: 't', exp: 2000, sid: 's' });
    expect(value.split('.')).toHaveLength(5);
    const header = decodeProtectedHeader(value);
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(header.kid).toMatch(/^[\w-]{11}$/);
    expect(SECRET).not.toContain(header.kid);
    const other = await sealSession(OLD, { token: 't', exp: 2000, sid: 's' });
    expect(decodeProtectedHeader(other).kid).not.toBe(header.kid);
  });

  it('opens nothing that was tampered with, sealed under another secret, or garbage', async () => {
    const value = await sealSession(SECRET, { token: 't', exp: 2000, sid: 's2' });
    const parts = value.split('.');
    const tag = Buffer.from(parts[4] ?? '', 'base64url');
    tag[0] = (tag[0] ?? 0) ^ 1;
    const flipped = [...parts.slice(0, 4), tag.toString('base64url')].join('.');
    expect(await openSession(SECRET, flipped, 1000)).toBeUndefined();
    expect(await openSession('another-secret-that-is-long-enough!!', value, 1000)).toBeUndefined();
    for (const junk of [undefined, '', 'abc', '%%%', 'a.b.c.d.e', 'x'.repeat(20_000)])
      expect(await openSession(SECRET, junk, 1000)).toBeUndefined();
  });

  it('opens nothing whose header asks for another algorithm, even under our key id', async () => {
    const value = await sealSession(SECRET, { token: 't', exp: 2000, sid: 's3' });
    const header = decodeProtectedHeader(value);
    const swapped = Buffer.from(JSON.stringify({ ...header, enc: 'A128GCM' })).toString(
      'base64url',
    );
    const [, ...rest] = value.split('.');
    expect(await openSession(SECRET, [swapped, ...rest].join('.'), 1000)).toBeUndefined();
  });

  it('reads and writes the cookie with safe attributes', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=v=x; b=2`, SESSION_COOKIE)).toBe('v=x');
    expect(readCookie(null, SESSION_COOKIE)).toBeUndefined();
    expect(sessionCookie('v', { maxAgeSec: 60, path: '/', secure: false, crossSite: false })).toBe(
      `${SESSION_COOKIE}=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`,
    );
    expect(
      sessionCookie('v', { maxAgeSec: 60, path: '/meshlens', secure: false, crossSite: true }),
    ).toBe(`${SESSION_COOKIE}=v; Path=/meshlens; Max-Age=60; HttpOnly; SameSite=None; Secure`);
  });

  it('refuses a signed-out session until it would have expired, and only that one', async () => {
    const signedOut = await sealSession(SECRET, { token: 't', exp: 5000, sid: 'out' });
    const other = await sealSession(SECRET, { token: 't', exp: 5000, sid: 'still-in' });
    revokeSession('out', 5000, 1000);
    expect(await openSession(SECRET, signedOut, 1000)).toBeUndefined();
    expect((await openSession(SECRET, other, 1000))?.sid).toBe('still-in');
  });

  it('opens cookies sealed with a previous secret, so a secret can be rotated', async () => {
    const old = await sealSession(OLD, { token: 't', exp: 5000, sid: 'rotated' });
    expect(await openSession(SECRET, old, 1000)).toBeUndefined();
    expect((await openSession([SECRET, OLD], old, 1000))?.token).toBe('t');
    // New cookies are sealed with the current secret only.
    const fresh = await sealSession(SECRET, { token: 'n', exp: 5000, sid: 'n' });
    expect((await openSession([SECRET], fresh, 1000))?.token).toBe('n');
  });
});
