import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../traces/model';
import { attributeTraces, traceParts } from './trace-attribution';

type Who = { ns: string; app: string; version: string };
const gw: Who = { ns: 'istio-system', app: 'istio-ingressgateway', version: 'latest' };
const pp: Who = { ns: 'bookinfo', app: 'productpage', version: 'v1' };
const details: Who = { ns: 'bookinfo', app: 'details', version: 'v1' };
const reviews: Who = { ns: 'bookinfo', app: 'reviews', version: 'v2' };

const str = (key: string, value: string) => ({ key, value });

/** A span as an Istio sidecar writes it; times in ms from the trace start. */
function span(
  id: string,
  parent: string | undefined,
  who: Who | undefined,
  kind: 'client' | 'server' | 'internal',
  fromMs: number,
  toMs: number,
  extra: { callee?: Who; flags?: string } = {},
): Span {
  const workload = who ? `${who.app}-${who.version === 'latest' ? 'x' : who.version}` : '';
  return {
    traceId: 't',
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    references: [],
    service: who ? `${who.app}.${who.ns}` : 'app',
    operation: 'op',
    startUs: 1_000_000_000 + fromMs * 1000,
    durationUs: (toMs - fromMs) * 1000,
    kind,
    error: false,
    attributes: who
      ? [
          str('node_id', `sidecar~10.0.0.1~${workload}-5d8f7c9b6d-x2k4p.${who.ns}~svc`),
          str('istio.namespace', who.ns),
          str('istio.canonical_service', who.app),
          str('istio.canonical_revision', who.version),
          ...(extra.callee
            ? [
                str(
                  'upstream_cluster',
                  `outbound|9080||${extra.callee.app}.${extra.callee.ns}.svc.cluster.local`,
                ),
              ]
            : []),
          ...(extra.flags ? [str('response_flags', extra.flags)] : []),
        ]
      : [],
    events: [],
    resource: [],
    warnings: [],
  };
}

const id = (w: Who) => `app/${w.ns}/${w.app}/${w.version}`;

/** gateway → productpage → (details, delayed 2 s by productpage's proxy, then reviews). */
function delayedTrace(traceId: string, delayed: boolean): Trace {
  const d = delayed ? 2000 : 0;
  const spans = [
    span('a', undefined, gw, 'server', 0, 70 + d),
    span('b', 'a', gw, 'client', 1, 69 + d, { callee: pp }),
    span('c', 'b', pp, 'server', 2, 68 + d),
    span('d', 'c', pp, 'client', 5, 25 + d, { callee: details, flags: delayed ? 'DI' : '-' }),
    span('e', 'd', details, 'server', 15 + d, 24 + d),
    span('f', 'c', pp, 'client', 30 + d, 60 + d, { callee: reviews }),
    span('g', 'f', reviews, 'server', 32 + d, 58 + d),
    // An application span without Istio attributes: reviews' own work.
    span('h', 'g', undefined, 'internal', 40 + d, 50 + d),
  ];
  return { traceId, spans: spans.map((s) => ({ ...s, traceId })), warnings: [] };
}

const table = (
  parts: { node: string; part: string; caller?: string; us?: number; ms?: number }[],
) =>
  Object.fromEntries(
    parts.map((p) => [
      p.part === 'service' ? p.node : `${p.caller} → ${p.node}`,
      p.us !== undefined ? p.us / 1000 : Math.round((p.ms ?? 0) * 100) / 100,
    ]),
  );

describe('traceParts (one trace’s critical path)', () => {
  it('splits the entry’s span into each proxy’s own time and each call’s proxy time', () => {
    const result = traceParts(delayedTrace('t1', true), id(gw), 'versionedApp');
    expect(result?.entryUs).toBe(2070_000);
    expect(table(result?.parts ?? [])).toEqual({
      [id(gw)]: 2,
      [`${id(gw)} → ${id(pp)}`]: 2,
      [id(pp)]: 16,
      [`${id(pp)} → ${id(details)}`]: 2011,
      [id(details)]: 9,
      [`${id(pp)} → ${id(reviews)}`]: 4,
      [id(reviews)]: 26,
    });
    const sum = (result?.parts ?? []).reduce((s, p) => s + p.us, 0);
    expect(sum).toBe(result?.entryUs);
  });

  it('names each part’s node in its cluster when the graph is of several clusters', () => {
    // Reviews ran in west, the rest in east, as their spans say (istio.cluster_id).
    const trace = delayedTrace('t1', false);
    const clusterOf = (span: Span) =>
      span.attributes.some((a) => a.key === 'istio.canonical_service' && a.value === 'reviews')
        ? 'west'
        : 'east';
    const spans = trace.spans.map((s) =>
      s.attributes.length
        ? { ...s, attributes: [...s.attributes, str('istio.cluster_id', clusterOf(s))] }
        : s,
    );
    const result = traceParts({ ...trace, spans }, `${id(gw)}@east`, 'versionedApp');
    expect(Object.keys(table(result?.parts ?? [])).sort()).toEqual(
      [
        `${id(gw)}@east`,
        `${id(gw)}@east → ${id(pp)}@east`,
        `${id(pp)}@east`,
        `${id(pp)}@east → ${id(details)}@east`,
        `${id(details)}@east`,
        `${id(pp)}@east → ${id(reviews)}@west`,
        `${id(reviews)}@west`,
      ].sort(),
    );
    // The same trace on a graph of one cluster: the ids it always had.
    const plain = traceParts({ ...trace, spans }, id(gw), 'versionedApp')?.parts ?? [];
    expect(plain.map((p) => p.node)).toContain(id(reviews));
  });

  it('follows only the call that ends last where calls overlap', () => {
    const spans = [
      span('a', undefined, pp, 'server', 0, 100),
      span('b', 'a', pp, 'client', 10, 60, { callee: details }),
      span('c', 'b', details, 'server', 10, 60),
      span('d', 'a', pp, 'client', 20, 90, { callee: reviews }),
      span('e', 'd', reviews, 'server', 20, 90),
    ];
    const result = traceParts({ traceId: 't', spans, warnings: [] }, id(pp), 'versionedApp');
    expect(table(result?.parts ?? [])).toEqual({ [id(pp)]: 30, [id(reviews)]: 70 });
  });

  it('names the callee of an unanswered call by its upstream cluster, and skips traces elsewhere', () => {
    const spans = [
      span('a', undefined, pp, 'server', 0, 100),
      span('b', 'a', pp, 'client', 10, 90, { callee: details, flags: 'UT' }),
    ];
    const result = traceParts({ traceId: 't', spans, warnings: [] }, id(pp), 'versionedApp');
    expect(table(result?.parts ?? [])).toEqual({
      [id(pp)]: 20,
      [`${id(pp)} → service/bookinfo/details`]: 80,
    });
    expect(traceParts({ traceId: 't', spans, warnings: [] }, id(gw), 'versionedApp')).toBe(
      undefined,
    );
  });
});

describe('attributeTraces', () => {
  it('ranks a delay seen in half the traces by its mean, with percentiles and example traces', () => {
    const traces = [
      delayedTrace('slow1', true),
      delayedTrace('fast1', false),
      delayedTrace('slow2', true),
      delayedTrace('fast2', false),
    ];
    const result = attributeTraces(traces, id(gw), 'versionedApp');
    expect(result?.traces).toBe(4);
    expect(result?.entryMs).toBe(1070);
    const first = result?.contributors[0];
    expect(first).toMatchObject({
      node: id(details),
      part: 'callerProxy',
      caller: id(pp),
      p50Ms: 11,
      p95Ms: 2011,
      evidence: ['fault delay injected (DI) in 2 of 4 traced calls'],
    });
    expect(first?.ms).toBeCloseTo(1011, 6);
    expect(first?.share).toBeCloseTo(1011 / 1070, 6);
    expect(first?.exampleTraces.slice(0, 2).sort()).toEqual(['slow1', 'slow2']);
    expect(result?.contributors.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 9);
    expect(attributeTraces(traces, 'app/nowhere/x/v1', 'versionedApp')).toBeUndefined();
  });

  it('places spans on the workload graph too', () => {
    const result = attributeTraces(
      [delayedTrace('t', true)],
      'workload/istio-system/istio-ingressgateway-x',
      'workload',
    );
    expect(result?.contributors[0]).toMatchObject({
      node: 'workload/bookinfo/details-v1',
      caller: 'workload/bookinfo/productpage-v1',
    });
  });
});
