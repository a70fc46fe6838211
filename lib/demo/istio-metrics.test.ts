import { describe, expect, it } from 'vitest';
import { IstioMetrics } from './istio-metrics';
import { findWorkload, BOOKINFO_TOPOLOGY, withAmbientTravel } from './topology';
import type { Hop } from './traffic';

const hop = (from: string, to: string, extra: Partial<Hop> = {}): Hop => ({
  source: findWorkload(BOOKINFO_TOPOLOGY, from),
  destination: findWorkload(BOOKINFO_TOPOLOGY, to),
  protocol: 'http',
  responseCode: 200,
  responseFlags: '-',
  destinationDurationMs: 12,
  sourceDurationMs: 12.4,
  requestBytes: 0,
  responseBytes: 430,
  startMs: 0,
  parent: -1,
  ...extra,
});

/** Parses the series lines of a text exposition into name + labels + value. */
function series(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
      if (!match) throw new Error(`unparsed line ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

describe('IstioMetrics', () => {
  it('reports gRPC calls with their status and the messages each way', async () => {
    const metrics = new IstioMetrics();
    const grpc = (status: number, responseMessages: number) =>
      hop('reviews-v2', 'ratings-v1', {
        protocol: 'grpc',
        grpc: { status, requestMessages: 1, responseMessages },
      });
    metrics.record(grpc(0, 4));
    metrics.record(grpc(0, 4));
    metrics.record(grpc(14, 0)); // UNAVAILABLE, still HTTP 200
    metrics.record(
      hop('reviews-v2', 'ratings-v1', {
        protocol: 'grpc',
        responseCode: 503,
        responseFlags: 'UO',
        reporters: ['source'],
      }),
    );
    const all = series((await metrics.expose()).body).filter((s) => s.labels.reporter === 'source');
    const requests = all.filter((s) => s.name === 'istio_requests_total');
    expect(
      requests.map((s) => [
        s.labels.request_protocol,
        s.labels.response_code,
        s.labels.grpc_response_status,
        s.value,
      ]),
    ).toEqual([
      ['grpc', '200', '0', 2],
      ['grpc', '200', '14', 1],
      ['grpc', '503', '14', 1],
    ]);
    const messages = (name: string) =>
      all.filter((s) => s.name === name).map((s) => [s.labels.grpc_response_status, s.value]);
    expect(messages('istio_request_messages_total')).toEqual([
      ['0', 2],
      ['14', 1],
      ['14', 1],
    ]);
    expect(messages('istio_response_messages_total')).toEqual([
      ['0', 8],
      ['14', 0],
      ['14', 0],
    ]);
  });

  it('has no message counters for a mesh without gRPC', async () => {
    const metrics = new IstioMetrics();
    metrics.record(hop('reviews-v2', 'ratings-v1'));
    expect((await metrics.expose()).body).not.toContain('messages_total');
  });

  it('records each HTTP hop once per reporter with the full standard label set', async () => {
    const metrics = new IstioMetrics();
    metrics.record(hop('reviews-v2', 'ratings-v1'));
    const requests = series((await metrics.expose()).body).filter(
      (s) => s.name === 'istio_requests_total',
    );
    expect(requests).toHaveLength(2);
    const byReporter = Object.fromEntries(requests.map((s) => [s.labels.reporter, s]));
    expect(byReporter.destination?.labels).toMatchObject({
      source_workload: 'reviews-v2',
      source_workload_namespace: 'bookinfo',
      source_app: 'reviews',
      source_version: 'v2',
      source_canonical_service: 'reviews',
      source_canonical_revision: 'v2',
      source_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews',
      source_cluster: 'Kubernetes',
      destination_workload: 'ratings-v1',
      destination_workload_namespace: 'bookinfo',
      destination_service: 'ratings.bookinfo.svc.cluster.local',
      destination_service_name: 'ratings',
      destination_service_namespace: 'bookinfo',
      destination_canonical_service: 'ratings',
      destination_canonical_revision: 'v1',
      destination_principal: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-ratings',
      destination_cluster: 'Kubernetes',
      request_protocol: 'http',
      response_code: '200',
      response_flags: '-',
      connection_security_policy: 'mutual_tls',
    });
    expect(byReporter.source?.labels.connection_security_policy).toBe('unknown');
    expect(requests.every((s) => s.value === 1)).toBe(true);
  });

  it('observes durations per reporter in Istio’s default buckets', async () => {
    const metrics = new IstioMetrics();
    metrics.record(
      hop('productpage-v1', 'details-v1', { destinationDurationMs: 7, sourceDurationMs: 11 }),
    );
    const buckets = series((await metrics.expose()).body).filter(
      (s) => s.name === 'istio_request_duration_milliseconds_bucket',
    );
    const at = (reporter: string, le: string) =>
      buckets.find((b) => b.labels.reporter === reporter && b.labels.le === le)?.value;
    expect(at('destination', '5')).toBe(0);
    expect(at('destination', '10')).toBe(1);
    expect(at('source', '10')).toBe(0);
    expect(at('source', '25')).toBe(1);
    expect(new Set(buckets.map((b) => b.labels.le))).toContain('3600000');
  });

  it('records TCP hops as byte and connection counters without response codes', async () => {
    const metrics = new IstioMetrics();
    metrics.record(
      hop('ratings-v1', 'mongodb-v1', {
        protocol: 'tcp',
        responseCode: 0,
        requestBytes: 60,
        responseBytes: 120,
      }),
    );
    const all = series((await metrics.expose()).body);
    expect(all.filter((s) => s.name === 'istio_requests_total')).toHaveLength(0);
    const sent = all.filter((s) => s.name === 'istio_tcp_sent_bytes_total');
    const received = all.filter((s) => s.name === 'istio_tcp_received_bytes_total');
    expect(sent.map((s) => s.labels.reporter).sort()).toEqual(['destination', 'source']);
    expect(sent.every((s) => s.value === 120 && s.labels.response_code === undefined)).toBe(true);
    expect(received.every((s) => s.value === 60 && s.labels.request_protocol === 'tcp')).toBe(true);
    expect(all.filter((s) => s.name === 'istio_tcp_connections_opened_total')).toHaveLength(2);
    expect(all.filter((s) => s.name === 'istio_tcp_connections_closed_total')).toHaveLength(2);
  });
});

describe('IstioMetrics in an ambient namespace', () => {
  const travel = withAmbientTravel(BOOKINFO_TOPOLOGY);
  const at = (from: string, to: string, extra: Partial<Hop> = {}): Hop => ({
    ...hop('productpage-v1', 'details-v1'),
    source: findWorkload(travel, from),
    destination: findWorkload(travel, to),
    serverStartMs: 0.5,
    ...extra,
  });

  it('has the waypoint report requests into ambient workloads, and ztunnel the connections through it', async () => {
    const metrics = new IstioMetrics();
    metrics.record(at('istio-ingressgateway', 'frontend-v1')); // a sidecar (gateway) caller
    metrics.record(at('frontend-v1', 'bookings-v1')); // ambient to ambient
    const all = series((await metrics.expose()).body);
    const requests = all
      .filter((s) => s.name === 'istio_requests_total')
      .map(
        (s) => `${s.labels.reporter}:${s.labels.source_workload}->${s.labels.destination_workload}`,
      );
    expect(requests.sort()).toEqual([
      'source:istio-ingressgateway->frontend-v1',
      'waypoint:frontend-v1->bookings-v1',
      'waypoint:istio-ingressgateway->frontend-v1',
    ]);
    const waypointReport = all.find(
      (s) => s.name === 'istio_requests_total' && s.labels.reporter === 'waypoint',
    );
    expect(waypointReport?.labels.connection_security_policy).toBe('mutual_tls');
    const l4 = all
      .filter((s) => s.name === 'istio_tcp_connections_opened_total')
      .map(
        (s) =>
          `${s.labels.app}:${s.labels.reporter}:${s.labels.source_workload}->${s.labels.destination_workload}`,
      );
    expect(l4.sort()).toEqual([
      'ztunnel:destination:frontend-v1->waypoint',
      'ztunnel:destination:istio-ingressgateway->waypoint',
      'ztunnel:destination:waypoint->bookings-v1',
      'ztunnel:destination:waypoint->frontend-v1',
    ]);
  });

  it('leaves Bookinfo’s sidecars as they were', async () => {
    const metrics = new IstioMetrics();
    metrics.record(at('productpage-v1', 'details-v1'));
    const all = series((await metrics.expose()).body);
    expect(
      all
        .filter((s) => s.name === 'istio_requests_total')
        .map((s) => s.labels.reporter)
        .sort(),
    ).toEqual(['destination', 'source']);
    expect(all.some((s) => s.labels.app === 'ztunnel')).toBe(false);
  });
});
