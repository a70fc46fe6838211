import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env';
import { parseDemoConfig } from './config';

describe('parseDemoConfig', () => {
  it('has sensible defaults', () => {
    expect(parseDemoConfig({})).toEqual({
      DEMO_RATE: 10,
      DEMO_ERROR_RATE: 0.01,
      DEMO_SCRAPE_INTERVAL: 5,
      DEMO_PROMETHEUS_PORT: 0,
      DEMO_KUBE_PORT: 0,
      DEMO_METRICS_PORT: 0,
      DEMO_TRACING_PORT: 0,
      DEMO_TRACE_SAMPLING: 1,
      DEMO_TRACE_LIMIT: 20_000,
      DEMO_AUTH: false,
      DEMO_AMBIENT: false,
      DEMO_CLUSTERS: 1,
      DEMO_METRICS_STORE: 'prometheus',
      DEMO_SERVICES: 0,
      DEMO_NAMESPACES: 1,
      DEMO_SEED: 1,
    });
  });

  it('sizes a synthetic mesh: a request per second per service, 20 services a namespace, 15 s scrapes', () => {
    expect(parseDemoConfig({ DEMO_SERVICES: '1000' })).toMatchObject({
      DEMO_SERVICES: 1000,
      DEMO_NAMESPACES: 50,
      DEMO_RATE: 1000,
      DEMO_ERROR_RATE: 0,
      DEMO_SCRAPE_INTERVAL: 15,
    });
    expect(parseDemoConfig({ DEMO_SERVICES: '5000' }).DEMO_RATE).toBe(2000);
    expect(
      parseDemoConfig({ DEMO_SERVICES: '30', DEMO_NAMESPACES: '3', DEMO_RATE: '50' }),
    ).toMatchObject({ DEMO_NAMESPACES: 3, DEMO_RATE: 50, DEMO_SCRAPE_INTERVAL: 15 });
    expect(() => parseDemoConfig({ DEMO_SERVICES: '3', DEMO_NAMESPACES: '4' })).toThrowError(
      'DEMO_NAMESPACES: expected at most one namespace per service (3), got 4',
    );
    expect(() => parseDemoConfig({ DEMO_SERVICES: '30', DEMO_CLUSTERS: '2' })).toThrowError(
      'DEMO_CLUSTERS: two clusters run Bookinfo',
    );
    expect(() => parseDemoConfig({ DEMO_CLUSTERS: '3' })).toThrowError(
      'DEMO_CLUSTERS: expected 1 or 2 clusters, got "3"',
    );
    expect(() => parseDemoConfig({ DEMO_SERVICES: '5001' })).toThrowError(
      'DEMO_SERVICES: expected 0 (Bookinfo) or 1 to 5000 services, got "5001"',
    );
  });

  it('names the bad variable and its value', () => {
    expect(() => parseDemoConfig({ DEMO_ERROR_RATE: '5' })).toThrowError(ConfigError);
    expect(() => parseDemoConfig({ DEMO_ERROR_RATE: '5' })).toThrowError(
      'DEMO_ERROR_RATE: expected a fraction from 0 to 1, got "5"',
    );
    expect(() => parseDemoConfig({ DEMO_RATE: '-1' })).toThrowError(
      /^Invalid configuration: DEMO_RATE: /,
    );
  });
});
