import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBackfilledVictoriaMetrics,
  type VictoriaMetricsProcess,
} from '../../scripts/lib/victoria-metrics';
import { parseConfig } from '../config/env';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient } from '../kube/client';
import { createPrometheusClient } from '../prometheus/client';
import { AT, SERIES, START } from '../server/__fixtures__/backfilled-bookinfo';
import { checkReadiness } from '../server/readiness';
import { createTracingClient } from '../tracing/client';
import { connectedFetch } from './connection';

/**
 * Meshlens behind authenticating gateways, as Mimir, Thanos on OpenShift and a Tempo tenant
 * put it: a stub in front of a real VictoriaMetrics (and of the demo's Jaeger API) serves only
 * requests carrying the configured credentials and tenant under the configured path prefix,
 * and records what arrived. Settings come from the environment, through parseConfig.
 */
const dir = mkdtempSync(join(tmpdir(), 'meshlens-auth-'));
let victoria: VictoriaMetricsProcess;
let mesh: DemoMesh;
const servers: Server[] = [];

/** What the gateway saw of each request: path and the headers that matter. */
interface Seen {
  path: string;
  authorization: string | undefined;
  tenant: string | undefined;
}

/**
 * A gateway that forwards `<prefix>/…` to `upstream` when `allowed(request)`, 401 otherwise.
 */
async function gateway(
  upstream: string,
  prefix: string,
  allowed: (request: IncomingMessage) => boolean,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createHttpServer(async (request, response) => {
    const path = request.url ?? '/';
    seen.push({
      path,
      authorization: request.headers.authorization,
      tenant: request.headers['x-scope-orgid'] as string | undefined,
    });
    if (!path.startsWith(`${prefix}/`) || !allowed(request)) {
      response.writeHead(401, { 'content-type': 'text/plain' }).end('no valid credentials\n');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${upstream}${path.slice(prefix.length)}`, {
      method: request.method,
      headers: { 'content-type': request.headers['content-type'] ?? 'text/plain' },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    response
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' })
      .end(Buffer.from(await answer.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

beforeAll(async () => {
  [victoria, mesh] = await Promise.all([
    startBackfilledVictoriaMetrics(SERIES, { startSec: START, endSec: START + 3600 }),
    startDemoMesh({ rate: 5 }),
  ]);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all([victoria?.stop(), mesh?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

// Every destination-reported request into Bookinfo: 10 + 5 + 5 + 5 = 25 per second.
const RATE_QUERY =
  'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="bookinfo"}[5m]))';

describe('a metrics store behind a bearer token, a tenant header and a path prefix', () => {
  const tokenFile = join(dir, 'token');
  let store: { url: string; seen: Seen[] };
  const prometheusFromEnv = (env: Record<string, string>) => {
    const config = parseConfig(env).prometheus;
    return createPrometheusClient({
      url: config.url,
      timeoutMs: 5_000,
      fetchImpl: connectedFetch('prometheus', config.connection),
    });
  };

  beforeAll(async () => {
    writeFileSync(tokenFile, 'token-one\n');
    store = await gateway(
      victoria.url,
      '/mimir/prometheus',
      (request) =>
        ['Bearer token-one', 'Bearer token-two'].includes(request.headers.authorization ?? '') &&
        request.headers['x-scope-orgid'] === 'team-a',
    );
  });

  it('sends the token from its file and the tenant with every query, under the prefix', async () => {
    const prometheus = prometheusFromEnv({
      PROMETHEUS_URL: `${store.url}/mimir/prometheus`,
      PROMETHEUS_BEARER_TOKEN_FILE: tokenFile,
      PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"team-a"}',
    });
    const answer = await prometheus.instantQuery(RATE_QUERY, { timeSec: AT });
    expect(answer.data.resultType === 'vector' && answer.data.samples[0]?.value).toBeCloseTo(25, 6);
    expect(store.seen.at(-1)).toEqual({
      path: expect.stringMatching(/^\/mimir\/prometheus\/api\/v1\/query\?/),
      authorization: 'Bearer token-one',
      tenant: 'team-a',
    });
  });

  it('reads the token file again when it is replaced, as a projected token is rotated', async () => {
    const prometheus = prometheusFromEnv({
      PROMETHEUS_URL: `${store.url}/mimir/prometheus`,
      PROMETHEUS_BEARER_TOKEN_FILE: tokenFile,
      PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"team-a"}',
    });
    await prometheus.instantQuery(RATE_QUERY, { timeSec: AT });
    writeFileSync(`${tokenFile}.new`, 'token-two\n');
    renameSync(`${tokenFile}.new`, tokenFile);
    // The file is looked at again at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await prometheus.instantQuery(RATE_QUERY, { timeSec: AT });
    expect(store.seen.at(-1)?.authorization).toBe('Bearer token-two');
  });

  it('names Prometheus and the refusal, never the token, when the credentials are wrong', async () => {
    const prometheus = prometheusFromEnv({
      PROMETHEUS_URL: `${store.url}/mimir/prometheus`,
      PROMETHEUS_BEARER_TOKEN: 'wrong-secret-token',
      PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"team-a"}',
    });
    const error = await prometheus.instantQuery(RATE_QUERY).catch((e: unknown) => e);
    expect(String(error)).toMatch(/^UpstreamError: Prometheus: .*HTTP 401/);
    expect(String(error)).not.toContain('wrong-secret-token');

    const readiness = await checkReadiness({
      prometheus,
      kube: createKubeClient({
        access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
        timeoutMs: 5_000,
      }),
      tracing: undefined,
      now: () => new Date(),
    });
    expect(readiness.ready).toBe(false);
    expect(readiness.backends[0]).toMatchObject({ backend: 'prometheus', status: 'unreachable' });
    expect(JSON.stringify(readiness)).not.toContain('wrong-secret-token');
  });

  it('sends basic auth with the password from a file', async () => {
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'vm-password');
    const basic = await gateway(
      victoria.url,
      '/select/0/prometheus',
      (request) =>
        request.headers.authorization ===
        `Basic ${Buffer.from('meshlens:vm-password').toString('base64')}`,
    );
    const prometheus = prometheusFromEnv({
      PROMETHEUS_URL: `${basic.url}/select/0/prometheus`,
      PROMETHEUS_BASIC_AUTH_USERNAME: 'meshlens',
      PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: passwordFile,
    });
    const values = await prometheus.labelValues('destination_workload');
    expect(values).toContain('reviews-v1');
  });
});

describe('a tracing backend behind a tenant header and a bearer token', () => {
  it('sends both with every search, so the traces panel works through the gateway', async () => {
    const tempo = await gateway(
      mesh.tracingUrl,
      '/tempo',
      (request) =>
        request.headers.authorization === 'Bearer tracing-token' &&
        request.headers['x-scope-orgid'] === 'team-b',
    );
    const config = parseConfig({
      TRACING_URL: `${tempo.url}/tempo`,
      TRACING_BEARER_TOKEN: 'tracing-token',
      TRACING_HEADERS: '{"X-Scope-OrgID":"team-b"}',
    }).tracing;
    const tracing = createTracingClient({
      url: config.url as string,
      api: 'jaeger-v3',
      timeoutMs: 5_000,
      fetchImpl: connectedFetch('tracing', config.connection),
    });
    await expect(tracing.check()).resolves.toBe('jaeger-v3');
    expect(tempo.seen.length).toBeGreaterThan(0);
    expect(tempo.seen.every((s) => s.authorization === 'Bearer tracing-token')).toBe(true);
    expect(tempo.seen.every((s) => s.tenant === 'team-b')).toBe(true);
  });
});

describe('TLS: a private CA and a client certificate', () => {
  /** A CA, a server certificate for 127.0.0.1 and a client certificate, made by openssl. */
  function makeCertificates() {
    const openssl = (...args: string[]) =>
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const key = (name: string) =>
      openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
    key('ca.key');
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=meshlens-test-ca',
      '-days',
      '1',
      '-out',
      'ca.crt',
    );
    for (const [name, extension] of [
      ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'],
      ['client', 'extendedKeyUsage=clientAuth'],
    ] as const) {
      key(`${name}.key`);
      openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
      writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
  }

  let url: string;
  beforeAll(async () => {
    makeCertificates();
    const read = (name: string) => readFileSync(join(dir, name));
    const server = createHttpsServer(
      {
        key: read('server.key'),
        cert: read('server.crt'),
        ca: read('ca.crt'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      async (request, response) => {
        const answer = await fetch(`${victoria.url}${request.url ?? '/'}`);
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(await answer.text());
      },
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  const client = (env: Record<string, string>) => {
    const config = parseConfig({ PROMETHEUS_URL: url, ...env }).prometheus;
    return createPrometheusClient({
      url: config.url,
      timeoutMs: 5_000,
      fetchImpl: connectedFetch('prometheus', config.connection),
    });
  };

  it('trusts the configured CA and presents the client certificate', async () => {
    const prometheus = client({
      PROMETHEUS_CA_FILE: join(dir, 'ca.crt'),
      PROMETHEUS_CERT_FILE: join(dir, 'client.crt'),
      PROMETHEUS_KEY_FILE: join(dir, 'client.key'),
    });
    const answer = await prometheus.instantQuery(RATE_QUERY, { timeSec: AT });
    expect(answer.data.resultType === 'vector' && answer.data.samples[0]?.value).toBeCloseTo(25, 6);
  });

  it('refuses the server without the CA, and is refused without the client certificate', async () => {
    const untrusted = await client({})
      .instantQuery(RATE_QUERY)
      .catch((e: unknown) => e);
    expect(String(untrusted)).toMatch(/^UpstreamError: Prometheus: /);
    expect(String(untrusted)).toMatch(/certificate/i);
    const anonymous = await client({ PROMETHEUS_CA_FILE: join(dir, 'ca.crt') })
      .instantQuery(RATE_QUERY)
      .catch((e: unknown) => e);
    expect(String(anonymous)).toMatch(/^UpstreamError: Prometheus: /);
  });
});
