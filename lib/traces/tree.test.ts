import { describe, expect, it } from 'vitest';
import { kialiTrace } from '../tracing/__fixtures__/kiali-trace';
import type { Span, Trace } from './model';
import { buildTraceTree, summariseTrace } from './tree';

const TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

const span = (
  id: string,
  parent: string | undefined,
  startUs: number,
  durationUs: number,
  extra: Partial<Span> = {},
): Span => ({
  traceId: TRACE,
  spanId: id.padStart(16, '0'),
  parentSpanId: parent?.padStart(16, '0'),
  references: parent
    ? [{ type: 'CHILD_OF', traceId: TRACE, spanId: parent.padStart(16, '0') }]
    : [],
  service: 'svc',
  operation: `op-${id}`,
  startUs,
  durationUs,
  kind: 'server',
  error: false,
  statusMessage: undefined,
  attributes: [],
  events: [],
  resource: [],
  warnings: [],
  ...extra,
});

const trace = (...spans: Span[]): Trace => ({ traceId: TRACE, spans, warnings: [] });
const order = (t: Trace) => buildTraceTree(t).rows.map((r) => `${r.span.operation}@${r.depth}`);

describe('buildTraceTree', () => {
  it('orders rows depth-first, children by start time, with offsets from the first span', () => {
    const tree = buildTraceTree(
      trace(
        span('1', undefined, 100, 100),
        span('3', '1', 150, 20),
        span('2', '1', 110, 30),
        span('4', '2', 115, 10),
      ),
    );
    expect(tree.rows.map((r) => `${r.span.operation}@${r.depth}`)).toEqual([
      'op-1@0',
      'op-2@1',
      'op-4@2',
      'op-3@1',
    ]);
    expect(tree.rows.map((r) => r.offsetUs)).toEqual([0, 10, 15, 50]);
    expect(tree).toMatchObject({ startUs: 100, durationUs: 100, warnings: [] });
    expect(tree.rows.every((r) => r.warnings.length === 0)).toBe(true);
  });

  it('marks the critical path: the child that ends last, then what ran before it', () => {
    // Root 0–100; child A 10–40, child B 50–90 (ends last), grandchild B1 55–85.
    const tree = buildTraceTree(
      trace(
        span('1', undefined, 0, 100),
        span('2', '1', 10, 30),
        span('3', '1', 50, 40),
        span('4', '3', 55, 30),
      ),
    );
    const critical = Object.fromEntries(tree.rows.map((r) => [r.span.operation, r.onCriticalPath]));
    expect(critical).toEqual({ 'op-1': true, 'op-2': true, 'op-3': true, 'op-4': true });
    // A child that overlaps a later-ending sibling entirely is not on the path.
    const overlap = buildTraceTree(
      trace(span('1', undefined, 0, 100), span('2', '1', 60, 10), span('3', '1', 10, 80)),
    );
    expect(
      Object.fromEntries(overlap.rows.map((r) => [r.span.operation, r.onCriticalPath])),
    ).toEqual({
      'op-1': true,
      'op-3': true,
      'op-2': false,
    });
  });

  it('shows an orphan as a root with a warning, and warns about several roots', () => {
    const tree = buildTraceTree(trace(span('1', undefined, 0, 10), span('2', 'dead', 5, 1)));
    expect(order(trace(span('1', undefined, 0, 10), span('2', 'dead', 5, 1)))).toEqual([
      'op-1@0',
      'op-2@0',
    ]);
    expect(tree.rows[1]?.warnings).toEqual([
      'parent span 000000000000dead is missing from the trace',
    ]);
    expect(tree.warnings).toEqual([
      '2 root spans: the trace is incomplete or joins several requests',
    ]);
  });

  it('keeps both spans of a duplicated id, each with its own row key', () => {
    const tree = buildTraceTree(
      trace(
        span('1', undefined, 0, 10),
        span('2', '1', 1, 2),
        span('2', '1', 3, 2, { operation: 'dup' }),
      ),
    );
    expect(tree.rows.map((r) => r.key)).toEqual([
      '0000000000000001',
      '0000000000000002',
      '0000000000000002#2',
    ]);
    expect(tree.rows[2]?.warnings).toContain(
      'duplicate span id 0000000000000002: another span has the same id',
    );
    expect(tree.warnings).toContain('span id 0000000000000002 is used by 2 spans');
  });

  it('flags references into other traces, clock skew, overruns and zero durations', () => {
    const tree = buildTraceTree(
      trace(
        span('1', undefined, 1000, 1000),
        span('2', '1', 500, 200),
        span('3', '1', 1900, 3000),
        span('4', '1', 1200, 0, {
          references: [
            { type: 'CHILD_OF', traceId: TRACE, spanId: '0000000000000001' },
            {
              type: 'FOLLOWS_FROM',
              traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
              spanId: '0000000000000009',
            },
          ],
        }),
      ),
    );
    const warnings = Object.fromEntries(tree.rows.map((r) => [r.span.operation, r.warnings]));
    expect(warnings['op-2']).toEqual(['starts 500 µs before its parent (clock skew?)']);
    expect(warnings['op-3']).toEqual(['ends 2.9 ms after its parent']);
    expect(warnings['op-4']).toEqual([
      'zero duration',
      'refers to span 0000000000000009 in another trace (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)',
    ]);
  });

  it('survives parent cycles and self-parents without looping', () => {
    const tree = buildTraceTree(
      trace(span('1', '2', 0, 10), span('2', '1', 1, 5), span('3', '3', 2, 1)),
    );
    expect(tree.rows).toHaveLength(3);
    expect(tree.rows.find((r) => r.span.operation === 'op-3')?.warnings).toEqual([
      'is its own parent',
    ]);
    expect(
      tree.rows.some((r) => r.warnings.includes('its parents form a cycle; shown as a root')),
    ).toBe(true);
  });

  it('handles an empty trace and a 10,000-span chain', () => {
    expect(buildTraceTree(trace())).toMatchObject({ rows: [], durationUs: 0, services: [] });
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      span(String(i + 1), i ? String(i) : undefined, i, 10_000 - i),
    );
    const tree = buildTraceTree(trace(...chain));
    expect(tree.rows).toHaveLength(10_000);
    expect(tree.rows[9_999]?.depth).toBe(9_999);
  });

  it('builds the Kiali Tempo trace: gateway → productpage → details, reviews → ratings', () => {
    const tree = buildTraceTree(kialiTrace());
    expect(tree.warnings).toEqual([]);
    expect(tree.rows.map((r) => `${r.span.service}:${r.span.kind}@${r.depth}`)).toEqual([
      'istio-ingressgateway.istio-system:client@0',
      'productpage.bookinfo:server@1',
      'productpage.bookinfo:client@2',
      'details.bookinfo:server@3',
      'productpage.bookinfo:client@2',
      'reviews.bookinfo:server@3',
      'reviews.bookinfo:client@4',
      'ratings.bookinfo:server@5',
    ]);
    expect(tree.services).toEqual([
      'istio-ingressgateway.istio-system',
      'productpage.bookinfo',
      'details.bookinfo',
      'reviews.bookinfo',
      'ratings.bookinfo',
    ]);
  });
});

describe('summariseTrace', () => {
  it('takes the earliest parentless span as root and counts errors per service', () => {
    const summary = summariseTrace(
      trace(
        span('2', '1', 10, 5, { service: 'b', error: true }),
        span('1', undefined, 0, 30, { service: 'a' }),
        span('3', '1', 12, 40, { service: 'b' }),
      ),
    );
    expect(summary).toEqual({
      traceId: TRACE,
      rootService: 'a',
      rootOperation: 'op-1',
      startUs: 0,
      durationUs: 52,
      spanCount: 3,
      errorSpanCount: 1,
      services: [
        { name: 'b', spanCount: 2, errorSpanCount: 1 },
        { name: 'a', spanCount: 1, errorSpanCount: 0 },
      ],
    });
  });
});
