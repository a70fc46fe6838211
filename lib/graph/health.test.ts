import { describe, expect, it } from 'vitest';
import { errorPercent, trafficHealth, worst } from './health';

describe('trafficHealth with Kiali’s default tolerances', () => {
  it.each([
    [{ '2xx': 100 }, 'healthy'],
    [{ '2xx': 99.9, '5xx': 0.1 }, 'degraded'],
    [{ '2xx': 90, '5xx': 10 }, 'failure'],
    [{ '2xx': 91, '4xx': 9 }, 'healthy'],
    [{ '2xx': 90, '4xx': 10 }, 'degraded'],
    [{ '2xx': 80, '4xx': 20 }, 'failure'],
    [{ '2xx': 99, noResponse: 1 }, 'degraded'],
    [{ '2xx': 90, noResponse: 10 }, 'failure'],
  ])('http %j → %s', (byClass, status) => {
    const total = Object.values(byClass).reduce((a, b) => a + b, 0);
    expect(trafficHealth('http', byClass, total).status).toBe(status);
  });

  it('judges gRPC by non-zero status, and explains itself', () => {
    expect(trafficHealth('grpc', { ok: 95, error: 5 }, 100)).toEqual({
      status: 'degraded',
      reason: 'gRPC errors 5.0%',
    });
    expect(trafficHealth('grpc', { ok: 90, error: 10 }, 100).status).toBe('failure');
  });

  it('has no verdict without requests or for TCP', () => {
    expect(trafficHealth('http', {}, 0).status).toBe('na');
    expect(trafficHealth('tcp', {}, 100).status).toBe('na');
  });

  it('orders results by severity', () => {
    expect(worst({ status: 'degraded' as const }, { status: 'failure' as const }).status).toBe(
      'failure',
    );
    expect(worst({ status: 'healthy' as const }, { status: 'na' as const }).status).toBe('healthy');
  });
});

describe('errorPercent', () => {
  it('counts 5xx and no response for HTTP, non-zero status and no response for gRPC', () => {
    expect(errorPercent('http', { '2xx': 6, '4xx': 2, '5xx': 1, noResponse: 1 }, 10)).toBe(20);
    expect(errorPercent('grpc', { ok: 3, error: 1 }, 4)).toBe(25);
    expect(errorPercent('tcp', {}, 10)).toBe(0);
  });
});
