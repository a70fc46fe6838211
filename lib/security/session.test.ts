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

describe('sessions', () => {
  it('opens what it sealed, until it expires', () => {
    const value = sealSession(SECRET, { token: 'demo-viewer-token', exp: 2000, sid: 's1' });
    expect(value).not.toContain('demo-viewer-token');
    expect(openSession(SECRET, value, 1000)).toEqual({
      token: 'demo-viewer-token',
      exp: 2000,
      sid: 's1',
    });
    expect(openSession(SECRET, value, 2000)).toBeUndefined();
  });

  it('opens nothing that was tampered with, sealed under another secret, or garbage', () => {
    const value = sealSession(SECRET, { token: 't', exp: 2000, sid: 's2' });
    const flipped = Buffer.from(value, 'base64url');
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(openSession(SECRET, flipped.toString('base64url'), 1000)).toBeUndefined();
    expect(openSession('another-secret-that-is-long-enough!!', value, 1000)).toBeUndefined();
    for (const junk of [undefined, '', 'abc', '%%%', 'x'.repeat(20_000)])
      expect(openSession(SECRET, junk, 1000)).toBeUndefined();
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

  it('refuses a signed-out session until it would have expired, and only that one', () => {
    const signedOut = sealSession(SECRET, { token: 't', exp: 5000, sid: 'out' });
    const other = sealSession(SECRET, { token: 't', exp: 5000, sid: 'still-in' });
    revokeSession('out', 5000, 1000);
    expect(openSession(SECRET, signedOut, 1000)).toBeUndefined();
    expect(openSession(SECRET, other, 1000)?.sid).toBe('still-in');
  });

  it('opens cookies sealed with a previous secret, so a secret can be rotated', () => {
    const OLD = 'the-previous-session-secret-32-chars!';
    const old = sealSession(OLD, { token: 't', exp: 5000, sid: 'rotated' });
    expect(openSession(SECRET, old, 1000)).toBeUndefined();
    expect(openSession([SECRET, OLD], old, 1000)?.token).toBe('t');
    // New cookies are sealed with the current secret only.
    expect(
      openSession([SECRET], sealSession(SECRET, { token: 'n', exp: 5000, sid: 'n' }), 1000)?.token,
    ).toBe('n');
  });
});
