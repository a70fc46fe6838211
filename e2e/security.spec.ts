import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';

/** A raw HTTP request, so the Host and Origin headers are exactly what we say. */
function send(
  baseURL: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ROUTING = '/api/namespaces/bookinfo/services/ratings/routing';
const WRITE = JSON.stringify({
  base: {},
  spec: { http: [{ match: [], destinations: [{ host: 'ratings', weight: 100 }] }], subsets: [] },
});

test.describe('HTTP protections', () => {
  test('every answer carries the CSP (with a nonce, framing by self only), nosniff and a referrer policy, never X-Frame-Options', async ({
    baseURL,
  }) => {
    const page = await send(baseURL as string, 'GET', '/graph', {
      host: new URL(baseURL as string).host,
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
    );
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(page.headers['x-frame-options']).toBeUndefined();
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(page.body).toContain(`nonce="${nonce}"`);
  });

  test('an unknown Host is refused (DNS rebinding), probes excepted', async ({ baseURL }) => {
    const refused = await send(baseURL as string, 'GET', '/api/overview', {
      host: 'attacker.example:3000',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('does not answer for host attacker.example:3000');
    expect(
      (await send(baseURL as string, 'GET', '/api/healthz', { host: '10.1.2.3:3000' })).status,
    ).toBe(200);
  });

  test('a write without our header, or from another origin, is refused and writes nothing', async ({
    baseURL,
  }) => {
    const host = new URL(baseURL as string).host;
    const json = { host, 'content-type': 'application/json' };
    const noHeader = await send(baseURL as string, 'PUT', ROUTING, json, WRITE);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body).toContain('must send the X-Meshlens header');
    const forged = await send(
      baseURL as string,
      'PUT',
      ROUTING,
      { ...json, 'x-meshlens': '1', origin: 'https://attacker.example' },
      WRITE,
    );
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('requests from origin https://attacker.example are not accepted');
    const badHost = await send(
      baseURL as string,
      'PUT',
      ROUTING,
      { ...json, host: 'attacker.example', 'x-meshlens': '1' },
      WRITE,
    );
    expect(badHost.status).toBe(403);
    const now = JSON.parse((await send(baseURL as string, 'GET', ROUTING, { host })).body) as {
      virtualServices: unknown[];
    };
    expect(now.virtualServices).toEqual([]);
  });
});
