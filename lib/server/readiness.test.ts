import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import { freePort } from '../../scripts/lib/processes';
import { createTracingClient } from '../tracing/client';
import { UpstreamError } from '../upstream/errors';
import { checkReadiness, sharedReadiness } from './readiness';

const prometheus = (fail?: string) =>
  ({
    url: 'http://user:secret@prom:9090',
    buildInfo: async () => {
      if (fail)
        throw new UpstreamError(fail, { upstream: 'prometheus', kind: 'unreachable', url: 'x' });
      return { version: '2.42.0' };
    },
  }) as unknown as PrometheusClient;

const kube = (fail?: string) =>
  ({
    server: 'https://kube:6443',
    version: async () => {
      if (fail)
        throw new UpstreamError(fail, { upstream: 'kubernetes', kind: 'timeout', url: 'x' });
      return { gitVersion: 'v1.31.0' };
    },
  }) as unknown as KubeClient;

const now = () => new Date('2026-11-24T10:00:00Z');
const noTracing = undefined;

describe('checkReadiness', () => {
  it('is ready when Prometheus and Kubernetes answer; tracing unconfigured is fine', async () => {
    const report = await checkReadiness({
      prometheus: prometheus(),
      kube: kube(),
      tracing: noTracing,
      now,
    });
    expect(report.ready).toBe(true);
    expect(report.checkedAt).toBe('2026-11-24T10:00:00.000Z');
    expect(report.backends.map((b) => [b.backend, b.status, b.version])).toEqual([
      ['prometheus', 'ready', '2.42.0'],
      ['kubernetes', 'ready', 'v1.31.0'],
      ['tracing', 'unconfigured', undefined],
    ]);
  });

  it('is not ready when a required backend fails, and names it with its error', async () => {
    const report = await checkReadiness({
      prometheus: prometheus(),
      kube: kube('no answer within 10 ms'),
      tracing: noTracing,
      now,
    });
    expect(report.ready).toBe(false);
    expect(report.backends[1]).toMatchObject({
      backend: 'kubernetes',
      status: 'unreachable',
      error: 'Kubernetes API: no answer within 10 ms',
    });
  });

  it('never shows credentials from backend URLs', async () => {
    const report = await checkReadiness({
      prometheus: prometheus('refused'),
      kube: kube(),
      tracing: noTracing,
      now,
    });
    expect(JSON.stringify(report)).not.toContain('secret');
    expect(report.backends[0]?.url).toBe('http://prom:9090/');
  });

  it('reports an unreachable tracing backend without failing readiness', async () => {
    const report = await checkReadiness({
      prometheus: prometheus(),
      kube: kube(),
      tracing: createTracingClient({
        url: `http://127.0.0.1:${await freePort()}`,
        api: 'auto',
        timeoutMs: 500,
      }),
      now,
    });
    expect(report.ready).toBe(true);
    expect(report.backends[2]).toMatchObject({
      backend: 'tracing',
      status: 'unreachable',
      required: false,
    });
    expect(report.backends[2]?.error).toMatch(/^Tracing backend: connection refused/);
  });
});

describe('tracing readiness is asked live', () => {
  /** A Jaeger api_v3 that answers until `broken` is set, then serves an HTML error page. */
  const jaeger = () => {
    const state = { broken: false, calls: 0 };
    const fetchImpl = (async () => {
      state.calls += 1;
      return state.broken
        ? new Response('<html><body>502 Bad Gateway</body></html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          })
        : Response.json({ services: ['productpage.bookinfo'] });
    }) as typeof fetch;
    return {
      state,
      client: createTracingClient({
        url: 'http://jaeger:16686',
        api: 'auto',
        timeoutMs: 1000,
        fetchImpl,
      }),
    };
  };

  it('reports a detected backend that stopped answering as unreachable', async () => {
    const { state, client } = jaeger();
    const deps = { prometheus: prometheus(), kube: kube(), tracing: client, now };
    expect((await checkReadiness(deps)).backends[2]).toMatchObject({
      status: 'ready',
      version: 'Jaeger (api_v3)',
    });
    state.broken = true;
    const after = await checkReadiness(deps);
    expect(after.backends[2]).toMatchObject({ backend: 'tracing', status: 'unreachable' });
    expect(after.backends[2]?.error).toMatch(/^Tracing backend: /);
    // Tracing is optional: the dashboard stays ready.
    expect(after.ready).toBe(true);
  });

  it('shares one round of checks for a few seconds, then asks again', async () => {
    let rounds = 0;
    const check = async () => {
      rounds += 1;
      return checkReadiness({ prometheus: prometheus(), kube: kube(), tracing: noTracing, now });
    };
    const t0 = 1_000_000;
    await Promise.all([sharedReadiness(check, t0), sharedReadiness(check, t0 + 1000)]);
    expect(rounds).toBe(1);
    await sharedReadiness(check, t0 + 3000);
    expect(rounds).toBe(2);
  });
});
