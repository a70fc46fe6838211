import { describe, expect, it } from 'vitest';
import { grafanaExploreLink, prometheusLink } from './links';
import { dashboardQueries, groupLabels, seriesLabel } from './queries';

const reviews = { kind: 'workload', namespace: 'bookinfo', workload: 'reviews-v2' } as const;

describe('dashboardQueries', () => {
  it("selects the workload's inbound requests as its proxy (or its waypoint) reported them", () => {
    const [requests, duration, requestSize, , tcpReceived] = dashboardQueries({
      entity: reviews,
      direction: 'inbound',
      reporter: 'destination',
      by: 'none',
      rateWindowSec: 30,
    });
    const sel =
      '{reporter=~"destination|waypoint",destination_workload_namespace="bookinfo",destination_workload="reviews-v2"}';
    expect(requests?.lines).toEqual([
      { name: '', query: `sum(rate(istio_requests_total${sel}[30s]))` },
    ]);
    expect(duration?.lines.map((l) => l.name)).toEqual(['p50', 'p95', 'p99', 'mean']);
    expect(duration?.lines[1]?.query).toBe(
      `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket${sel}[30s])))`,
    );
    expect(duration?.lines[3]?.query).toBe(
      `sum(rate(istio_request_duration_milliseconds_sum${sel}[30s])) / sum(rate(istio_request_duration_milliseconds_count${sel}[30s]))`,
    );
    expect(requestSize?.lines.map((l) => l.name)).toEqual(['p95', 'mean']);
    expect(tcpReceived?.lines[0]?.query).toBe(
      `sum(rate(istio_tcp_received_bytes_total${sel}[30s]))`,
    );
  });

  it('splits outbound traffic by the callee, and leaves TCP unsplit by response code', () => {
    const charts = dashboardQueries({
      entity: { kind: 'app', namespace: 'bookinfo', app: 'productpage' },
      direction: 'outbound',
      reporter: 'source',
      by: 'response_code',
      rateWindowSec: 60,
    });
    expect(charts[0]?.lines[0]?.query).toBe(
      'sum by (response_code) (rate(istio_requests_total{reporter="source",source_workload_namespace="bookinfo",source_canonical_service="productpage"}[60s]))',
    );
    expect(charts.find((c) => c.id === 'tcp-sent')?.groupLabels).toEqual([]);
    expect(groupLabels('peer', 'outbound')).toEqual([
      'destination_workload_namespace',
      'destination_workload',
    ]);
    expect(groupLabels('peer', 'inbound')).toEqual([
      'source_workload_namespace',
      'source_workload',
    ]);
  });

  it('escapes names it puts in PromQL', () => {
    const [requests] = dashboardQueries({
      entity: { kind: 'service', namespace: 'a', service: 'b"} or vector(1) #' },
      direction: 'inbound',
      reporter: 'destination',
      by: 'none',
      rateWindowSec: 30,
    });
    expect(requests?.lines[0]?.query).toContain('destination_service_name="b\\"} or vector(1) #"');
  });
});

describe('seriesLabel', () => {
  it("names a series by its line and group, a namespace only when not the entity's own", () => {
    const peer = ['source_workload_namespace', 'source_workload'];
    expect(
      seriesLabel(
        '',
        peer,
        { source_workload_namespace: 'bookinfo', source_workload: 'productpage-v1' },
        'bookinfo',
      ),
    ).toBe('productpage-v1');
    expect(
      seriesLabel(
        'p95',
        peer,
        { source_workload_namespace: 'travel', source_workload: 'hotels-v1' },
        'bookinfo',
      ),
    ).toBe('p95 · travel/hotels-v1');
    expect(
      seriesLabel(
        '',
        ['destination_canonical_service', 'destination_canonical_revision'],
        { destination_canonical_service: 'reviews', destination_canonical_revision: 'v2' },
        'bookinfo',
      ),
    ).toBe('reviews v2');
    expect(seriesLabel('', [], {}, 'bookinfo')).toBe('total');
    expect(seriesLabel('', ['response_code'], {}, 'bookinfo')).toBe('unknown');
  });
});

describe('query links', () => {
  it("opens a chart's queries in Prometheus' UI over the same range", () => {
    const url = new URL(prometheusLink('http://prom:9090/', ['up', 'sum(x)'], 600, 1_700_000_000));
    expect(url.pathname).toBe('/graph');
    expect(url.searchParams.get('g0.expr')).toBe('up');
    expect(url.searchParams.get('g1.expr')).toBe('sum(x)');
    expect(url.searchParams.get('g1.range_input')).toBe('600s');
    expect(url.searchParams.get('g0.end_input')).toBe('2023-11-14T22:13:20.000Z');
  });

  it('opens them in one Grafana Explore pane on the configured data source', () => {
    const url = new URL(
      grafanaExploreLink('https://g.example/grafana', 'prom', ['a{b="c"}'], 100, 200),
    );
    expect(url.pathname).toBe('/grafana/explore');
    expect(JSON.parse(url.searchParams.get('panes') ?? '')).toEqual({
      a: {
        datasource: 'prom',
        queries: [
          { refId: 'A', expr: 'a{b="c"}', datasource: { type: 'prometheus', uid: 'prom' } },
        ],
        range: { from: '100000', to: '200000' },
      },
    });
  });
});
