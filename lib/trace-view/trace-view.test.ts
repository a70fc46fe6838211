import { describe, expect, it } from 'vitest';
import { formatDurationUs, shortOperation } from '../format';
import type { Span, Trace } from '../traces/model';
import { buildTraceTree, type SpanRow } from '../traces/tree';
import { linearScale, niceTicks } from './scale';
import { barGeometry, rowWindow, visibleRows } from './waterfall';

const span = (
  id: string,
  parent: string | undefined,
  startUs: number,
  durationUs: number,
): Span => ({
  traceId: 't',
  spanId: id,
  parentSpanId: parent,
  references: [],
  service: 's',
  operation: id,
  startUs,
  durationUs,
  kind: 'server',
  error: false,
  attributes: [],
  events: [],
  resource: [],
  warnings: [],
});
const tree = buildTraceTree({
  traceId: 't',
  spans: [
    span('a', undefined, 0, 100),
    span('b', 'a', 10, 50),
    span('c', 'b', 20, 10),
    span('d', 'a', 70, 20),
  ],
  warnings: [],
} as Trace);

describe('waterfall', () => {
  it('hides the descendants of collapsed rows only', () => {
    expect(visibleRows(tree, new Set()).map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(visibleRows(tree, new Set(['b'])).map((r) => r.key)).toEqual(['a', 'b', 'd']);
    expect(visibleRows(tree, new Set(['a'])).map((r) => r.key)).toEqual(['a']);
    expect(visibleRows(tree, new Set(['c'])).map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('renders only the rows in view, with overscan', () => {
    expect(rowWindow(10_000, 0, 600, 24)).toEqual({ first: 0, last: 35 });
    expect(rowWindow(10_000, 24_000, 600, 24)).toEqual({ first: 990, last: 1035 });
    expect(rowWindow(20, 0, 600, 24)).toEqual({ first: 0, last: 20 });
  });

  it('places bars by offset and duration, never invisible', () => {
    expect(barGeometry(tree.rows[1] as never, 100)).toEqual({ leftPercent: 10, widthPercent: 50 });
    expect(
      barGeometry({ ...(tree.rows[1] as SpanRow), span: span('z', 'a', 5, 0), offsetUs: 5 }, 100)
        .widthPercent,
    ).toBe(0.2);
  });
});

describe('scales and formats', () => {
  it('picks nice ticks and maps linearly', () => {
    expect(niceTicks(0, 100, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(0, 47, 4)).toEqual([0, 20, 40]);
    expect(niceTicks(0, 47, 8)).toEqual([0, 10, 20, 30, 40]);
    expect(linearScale([0, 10], [0, 200])(5)).toBe(100);
  });

  it('formats durations in readable units', () => {
    expect(formatDurationUs(850)).toBe('850 µs');
    expect(formatDurationUs(1234)).toBe('1.23 ms');
    expect(formatDurationUs(45_600)).toBe('45.6 ms');
    expect(formatDurationUs(1_250_000)).toBe('1.25 s');
    expect(formatDurationUs(125_000_000)).toBe('2 min 5 s');
    expect(shortOperation('reviews.bookinfo.svc.cluster.local:9080/*')).toBe(
      'reviews.bookinfo:9080/*',
    );
    expect(shortOperation('GET /api')).toBe('GET /api');
  });
});
