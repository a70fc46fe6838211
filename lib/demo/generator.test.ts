import { describe, expect, it } from 'vitest';
import { TrafficGenerator } from './generator';
import { IstioMetrics } from './istio-metrics';
import { seededRandom } from './random';
import { BOOKINFO_TOPOLOGY } from './topology';

describe('TrafficGenerator', () => {
  it('sends exactly floor(rate × elapsed) requests, whatever the tick timing', async () => {
    let now = 1_000_000;
    const metrics = new IstioMetrics();
    const generator = new TrafficGenerator({
      topology: BOOKINFO_TOPOLOGY,
      metrics,
      random: seededRandom(1),
      rate: 7.5,
      errorRate: 0,
      now: () => now,
    });
    generator.start();
    generator.stop();
    for (const step of [130, 870, 2000, 999, 1]) {
      now += step;
      generator.catchUp(now);
    }
    // 4 s at 7.5/s
    expect(generator.requestsSent).toBe(30);
    const text = (await metrics.expose()).body;
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith(
          'istio_requests_total{reporter="destination",source_workload="istio-ingressgateway"',
        ),
      );
    expect(line?.endsWith(' 30')).toBe(true);
  });
});
