import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
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
    });
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
