import { describe, expect, it } from 'vitest';
import { graphQueries } from './queries';

describe('graphQueries', () => {
  const queries = graphQueries({
    namespaces: ['bookinfo', 'shop.v2'],
    windowSeconds: 60,
    tcpRate: 'sent',
    averageResponseTime: false,
  });

  it('asks a fixed number of queries, whatever the number of namespaces', () => {
    const many = graphQueries({
      namespaces: Array.from({ length: 40 }, (_, i) => `ns-${i}`),
      windowSeconds: 60,
      tcpRate: 'sent',
      averageResponseTime: false,
    });
    const count = (q: typeof queries) =>
      [q.requests, ...q.tcp, q.durationBuckets, q.responseBytes, q.durationSum].filter(Boolean)
        .length;
    expect(count(queries)).toBe(4);
    expect(count(many)).toBe(4);
  });

  it('leaves the duration histogram out of a graph without latency', () => {
    const traffic = graphQueries({
      namespaces: ['bookinfo'],
      windowSeconds: 60,
      tcpRate: 'sent',
      averageResponseTime: true,
      latency: false,
    });
    expect(traffic.durationBuckets).toBeUndefined();
    expect(traffic.durationSum).toBeUndefined();
    expect([traffic.requests, ...traffic.tcp, traffic.responseBytes].join(' ')).not.toContain(
      'istio_request_duration_milliseconds',
    );
  });

  it('selects each request once: destination reports in, source reports out or unanswered', () => {
    expect(queries.requests).toContain(
      'rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"bookinfo|shop\\\\.v2"}[60s])',
    );
    expect(queries.requests).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo|shop\\\\.v2",destination_workload_namespace!~"bookinfo|shop\\\\.v2"}[60s])',
    );
    expect(queries.requests).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo|shop\\\\.v2",destination_workload_namespace=~"bookinfo|shop\\\\.v2",destination_workload="unknown"}[60s])',
    );
    expect(queries.requests).toContain('destination_workload="unknown"');
    expect(queries.requests).toMatch(
      /^sum by \(reporter, source_cluster, .*connection_security_policy\) \(/,
    );
  });

  it('adds the sum query only for average response time, and both TCP counters for total', () => {
    expect(
      graphQueries({
        namespaces: ['a'],
        windowSeconds: 60,
        tcpRate: 'total',
        averageResponseTime: true,
      }),
    ).toMatchObject({
      durationSum: expect.stringContaining('istio_request_duration_milliseconds_sum'),
      tcp: [
        expect.stringContaining('istio_tcp_sent_bytes_total'),
        expect.stringContaining('istio_tcp_received_bytes_total'),
      ],
    });
  });

  it('keeps a crafted namespace inside its string literal', () => {
    const crafted = graphQueries({
      namespaces: ['bookinfo"}) or vector(1)'],
      windowSeconds: 60,
      tcpRate: 'sent',
      averageResponseTime: false,
    });
    expect(crafted.requests).not.toContain('"}) or vector(1)');
    expect(crafted.requests).toContain('bookinfo\\"\\\\}\\\\) or vector\\\\(1\\\\)');
  });
});
