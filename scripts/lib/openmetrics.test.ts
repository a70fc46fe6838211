import { describe, expect, it } from 'vitest';
import { countersToOpenMetrics, countersToPrometheusText } from './openmetrics';

const series = [
  {
    name: 'istio_requests_total',
    labels: { reporter: 'destination', note: 'a "quoted"\nvalue' },
    ratePerSecond: 2,
    then: { atSec: 1030, ratePerSecond: 5 },
  },
];

describe('backfill texts', () => {
  it('writes OpenMetrics for promtool: seconds, escaped labels, the change of rate, # EOF', () => {
    expect(countersToOpenMetrics(series, 1000, 1060, 30)).toBe(
      [
        'istio_requests_total{reporter="destination",note="a \\"quoted\\"\\nvalue"} 0 1000',
        'istio_requests_total{reporter="destination",note="a \\"quoted\\"\\nvalue"} 60 1030',
        'istio_requests_total{reporter="destination",note="a \\"quoted\\"\\nvalue"} 210 1060',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes the same samples for VictoriaMetrics’ import, in milliseconds and without # EOF', () => {
    const text = countersToPrometheusText(series, 1000, 1060, 30);
    expect(text.split('\n').map((line) => line.split(' ').slice(-2).join(' '))).toEqual([
      '0 1000000',
      '60 1030000',
      '210 1060000',
      '',
    ]);
  });
});
