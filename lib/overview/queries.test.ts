import { describe, expect, it } from 'vitest';
import { inboundP95Query, inboundRequestsQuery, inboundTcpQuery } from './queries';

describe('overview queries', () => {
  it('reads destination-reported requests grouped by workload and response code', () => {
    expect(inboundRequestsQuery(60)).toBe(
      'sum by (destination_workload_namespace, destination_workload, destination_app, destination_version, response_code) (rate(istio_requests_total{reporter=~"destination|waypoint"}[60s]))',
    );
  });

  it('adds the two TCP byte counters after summing each', () => {
    const query = inboundTcpQuery(300);
    expect(query).toContain('rate(istio_tcp_sent_bytes_total{reporter="destination"}[300s])');
    expect(query).toContain(') + sum by (');
    expect(query).toContain('rate(istio_tcp_received_bytes_total{reporter="destination"}[300s])');
  });

  it('asks the inbound p95 per workload from destination reports', () => {
    expect(inboundP95Query(60)).toBe(
      'histogram_quantile(0.95, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter=~"destination|waypoint"}[60s])))',
    );
  });
});
