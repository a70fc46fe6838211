import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLOWED_HOSTS,
  bearerToken,
  contentSecurityPolicy,
  csrfRefusal,
  hostAllowed,
  hostName,
  peerAllowed,
} from './http';

describe('hostAllowed', () => {
  it('answers localhost, loopback and configured names, on any port', () => {
    expect(hostName('LOCALHOST:3000')).toBe('localhost');
    expect(hostName('[::1]:3000')).toBe('[::1]');
    for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:3000', '127.0.0.1'])
      expect(hostAllowed(host, DEFAULT_ALLOWED_HOSTS)).toBe(true);
    for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '', null])
      expect(hostAllowed(host, DEFAULT_ALLOWED_HOSTS)).toBe(false);
    const allowed = [...DEFAULT_ALLOWED_HOSTS, 'meshlens.monitoring.svc', '*.example.com'];
    expect(hostAllowed('meshlens.monitoring.svc:3000', allowed)).toBe(true);
    expect(hostAllowed('mesh.example.com', allowed)).toBe(true);
    expect(hostAllowed('example.com', allowed)).toBe(false);
    expect(hostAllowed('anything', ['*'])).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts with the nonce only and framing by ourselves and the listed origins', () => {
    const csp = contentSecurityPolicy('abc123', ['https://grafana.example.com']);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'self' https://grafana.example.com");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy('n', [])).toContain("frame-ancestors 'self'");
  });
});

describe('csrfRefusal', () => {
  const ok = { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', custom: '1' };
  it('lets reads through and our own pages write', () => {
    expect(csrfRefusal('GET', { origin: null, host: null, custom: null }, 'http:')).toBeUndefined();
    expect(csrfRefusal('PUT', ok, 'http:')).toBeUndefined();
    expect(csrfRefusal('POST', { ...ok, origin: null }, 'http:')).toBeUndefined();
    expect(
      csrfRefusal(
        'PUT',
        { ...ok, origin: 'https://127.0.0.1:3000', forwardedProto: 'https' },
        'http:',
      ),
    ).toBeUndefined();
  });

  it('refuses writes without our header or from another origin', () => {
    expect(csrfRefusal('PUT', { ...ok, custom: null }, 'http:')).toMatch(/X-Meshlens header/);
    expect(csrfRefusal('PUT', { ...ok, origin: 'https://evil.example' }, 'http:')).toBe(
      'requests from origin https://evil.example are not accepted',
    );
    expect(csrfRefusal('DELETE', { ...ok, origin: 'http://127.0.0.1:3001' }, 'http:')).toMatch(
      /not accepted/,
    );
  });
});

describe('the authenticating proxy', () => {
  it('trusts only its addresses (IPv4-mapped IPv6 included) and reads bearer tokens', () => {
    expect(peerAllowed('10.0.0.7', ['10.0.0.7'])).toBe(true);
    expect(peerAllowed('::ffff:10.0.0.7', ['10.0.0.7'])).toBe(true);
    expect(peerAllowed('10.0.0.8', ['10.0.0.7'])).toBe(false);
    expect(peerAllowed(null, ['10.0.0.7'])).toBe(false);
    expect(peerAllowed('', ['10.0.0.7'])).toBe(false);
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer two words')).toBeUndefined();
  });
});
