import { describe, expect, it } from 'vitest';
import { allQueries, graphQueries, namespaceShards } from './queries';

describe('graphQueries', () => {
  const options = {
    namespaces: ['bookinfo', 'shop.v2'],
    windowSeconds: 60,
    tcpRate: 'sent',
    responseTime: '95',
  } as const;
  const queries = graphQueries(options);

  it('asks a fixed number of queries, whatever the number of namespaces', () => {
    const many = graphQueries({
      namespaces: Array.from({ length: 40 }, (_, i) => `ns-${i}`),
      windowSeconds: 60,
      tcpRate: 'sent',
      responseTime: '95',
    });
    // Requests, response bytes and the p95, each in a shard per namespace up to three, and
    // TCP bytes.
    expect(allQueries(queries)).toHaveLength(7);
    expect(allQueries(many)).toHaveLength(10);
    expect(allQueries(graphQueries({ ...options, namespaces: ['a', 'b', 'c', 'd'] }))).toHaveLength(
      10,
    );
    expect(allQueries(graphQueries({ ...options, namespaces: ['bookinfo'] }))).toHaveLength(4);
  });

  it('asks for gRPC messages only when a message rate is chosen, one query per direction', () => {
    expect(queries.messages).toEqual([]);
    const sent = graphQueries({ ...options, grpcRate: 'sent' }).messages;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^sum by \(.*\) \(\(?rate\(istio_request_messages_total\{/);
    const total = graphQueries({ ...options, grpcRate: 'total' }).messages;
    expect(total.map((q) => /istio_(request|response)_messages_total/.exec(q)?.[0])).toEqual([
      'istio_request_messages_total',
      'istio_response_messages_total',
    ]);
  });

  it('counts ambient reports as asked: waypoints for requests, ztunnel for bytes', () => {
    const ambient = (ambientTraffic: 'total' | 'waypoint' | 'ztunnel' | 'none') =>
      graphQueries({ ...options, namespaces: ['travel'], ambientTraffic });
    const total = ambient('total');
    expect(total.requests[0]).toContain(
      'reporter="waypoint",destination_workload_namespace=~"travel"',
    );
    // A caller's report of a request leaving the selection yields to the waypoint's report.
    expect(total.requests[0]).toContain(
      'unless on (source_workload_namespace, source_workload, destination_service, destination_workload_namespace, destination_workload) rate(istio_requests_total{reporter="waypoint"',
    );
    expect(total.tcp[0]).not.toContain('ztunnel');
    expect(ambient('waypoint').tcp[0]).toContain('app!="ztunnel"');
    expect(ambient('ztunnel').requests[0]).not.toContain('waypoint');
    expect(ambient('none').requests[0]).not.toContain('waypoint');
    expect(ambient('none').tcp[0]).toContain('app!="ztunnel"');
    // Without a choice (as before ambient): sidecars only.
    expect(queries.requests[0]).not.toContain('waypoint');
  });

  it('leaves the duration histogram out of a graph without latency', () => {
    const traffic = graphQueries({
      namespaces: ['bookinfo'],
      windowSeconds: 60,
      tcpRate: 'sent',
      responseTime: 'avg',
      latency: false,
    });
    expect(traffic.latency).toBeUndefined();
    expect(allQueries(traffic).join(' ')).not.toContain('istio_request_duration_milliseconds');
  });

  it('selects each request once: destination reports in, source reports out or unanswered', () => {
    const one = graphQueries({ ...options, namespaces: ['bookinfo'] }).requests;
    expect(one).toHaveLength(1);
    expect(one[0]).toContain(
      'rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"bookinfo"}[60s])',
    );
    expect(one[0]).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo",destination_workload_namespace!~"bookinfo"}[60s])',
    );
    expect(one[0]).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace=~"bookinfo",destination_workload_namespace=~"bookinfo",destination_workload="unknown"}[60s])',
    );
    expect(one[0]).toContain(
      'rate(istio_requests_total{reporter="source",source_workload_namespace!~"bookinfo",destination_workload="unknown",destination_service_namespace=~"bookinfo"}[60s])',
    );
    expect(one[0]).toMatch(/^sum by \(reporter, source_cluster, .*connection_security_policy\) \(/);
  });

  it('lets Prometheus compute the quantiles per series group, never shipping buckets', () => {
    expect(queries.latency?.p95).toEqual([
      expect.stringMatching(
        /^histogram_quantile\(0\.95, sum by \(reporter, .*request_protocol, le\) \(/,
      ),
      expect.stringMatching(/^histogram_quantile\(0\.95, /),
    ]);
    expect(queries.latency?.quantile).toBeUndefined();
    const p99 = graphQueries({
      namespaces: ['a'],
      windowSeconds: 60,
      tcpRate: 'sent',
      responseTime: '99',
    });
    expect(p99.latency?.quantile).toEqual([expect.stringMatching(/^histogram_quantile\(0\.99, /)]);
  });

  it.each([
    ['the histogram', queries.latency?.p95 ?? []],
    ['the request counts', queries.requests],
    ['the response bytes', queries.responseBytes],
  ])('splits %s by namespace so that every request falls in one shard', (_, [first, second]) => {
    expect(namespaceShards(['d', 'c', 'a', 'b'])).toEqual([['a', 'd'], ['b'], ['c']]);
    expect(namespaceShards(['a'])).toEqual([['a']]);
    // Destination reports by the shard's namespaces; "outside" still means the whole selection.
    expect(first).toContain('reporter="destination",destination_workload_namespace=~"bookinfo"}');
    expect(second).toContain(
      'reporter="destination",destination_workload_namespace=~"shop\\\\.v2"}',
    );
    expect(first).toContain(
      'reporter="source",source_workload_namespace=~"bookinfo",destination_workload_namespace!~"bookinfo|shop\\\\.v2"}',
    );
  });

  it('adds sum and count only for average response time, and both TCP counters for total', () => {
    expect(
      graphQueries({
        namespaces: ['a'],
        windowSeconds: 60,
        tcpRate: 'total',
        responseTime: 'avg',
      }),
    ).toMatchObject({
      latency: {
        average: {
          sum: expect.stringContaining('istio_request_duration_milliseconds_sum'),
          count: expect.stringContaining('istio_request_duration_milliseconds_count'),
        },
      },
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
      responseTime: '95',
    });
    expect(crafted.requests[0]).not.toContain('"}) or vector(1)');
    expect(crafted.requests[0]).toContain('bookinfo\\"\\\\}\\\\) or vector\\\\(1\\\\)');
  });
});
