import { describe, expect, it } from 'vitest';
import {
  formatBucketMs,
  formatBytesPerSecond,
  formatMs,
  formatPercent,
  formatRps,
  workloadDot,
} from './format';

describe('formatting', () => {
  it.each([
    [0, '0'],
    [NaN, '0'],
    [0.054, '0.05'],
    [1.25, '1.3'],
    [10, '10.0'],
    [1530, '1.5k'],
  ])('formatRps(%s) = %s', (value, text) => expect(formatRps(value)).toBe(text));

  it.each([
    [0, '0%'],
    [0.05, '<0.1%'],
    [12.345, '12.3%'],
  ])('formatPercent(%s) = %s', (value, text) => expect(formatPercent(value)).toBe(text));

  it.each([
    [0, '0 B/s'],
    [512, '512 B/s'],
    [1536, '1.5 KiB/s'],
    [300 * 1024 * 1024, '300 MiB/s'],
  ])('formatBytesPerSecond(%s) = %s', (value, text) =>
    expect(formatBytesPerSecond(value)).toBe(text),
  );
});

describe('workloadDot', () => {
  const health = (status: 'healthy' | 'degraded' | 'failure' | 'na') => ({ status });
  it('shows the health the graph judged', () => {
    expect(workloadDot({ health: health('degraded'), tcpBytesPerSecond: 0 })).toBe('degraded');
    expect(workloadDot({ health: health('failure'), tcpBytesPerSecond: 0 })).toBe('failure');
  });

  it('treats TCP-only traffic as healthy and no traffic as idle', () => {
    expect(workloadDot({ health: health('na'), tcpBytesPerSecond: 100 })).toBe('healthy');
    expect(workloadDot({ health: health('na'), tcpBytesPerSecond: 0 })).toBe('idle');
  });
});

describe('latency formatting', () => {
  it.each([
    [0.84, '0.8 ms'],
    [30.64, '30.6 ms'],
    [412.2, '412 ms'],
    [9400, '9.4 s'],
    [12_000, '12 s'],
  ])('formatMs(%s) = %s', (value, text) => expect(formatMs(value)).toBe(text));

  it.each([
    [25, 50, '25–50 ms'],
    [5000, 10_000, '5–10 s'],
    [2500, 5000, '2.5–5 s'],
    [10_000, null, 'over 10 s'],
  ])('formatBucketMs(%s, %s) = %s', (lower, upper, text) =>
    expect(formatBucketMs(lower, upper)).toBe(text),
  );
});
