import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { dedupeReporters, isShadowHost, toTrafficSamples } from './samples';

const sample = (labels: Record<string, string>, value = 1): VectorSample => ({
  labels,
  timestampSec: 0,
  value,
});

const base = {
  source_workload_namespace: 'bookinfo',
  source_workload: 'productpage-v1',
  source_canonical_service: 'productpage',
  source_canonical_revision: 'v1',
  destination_workload_namespace: 'bookinfo',
  destination_workload: 'reviews-v1',
  destination_canonical_service: 'reviews',
  destination_canonical_revision: 'v1',
  destination_service_namespace: 'bookinfo',
  destination_service_name: 'reviews',
  destination_service: 'reviews.bookinfo.svc.cluster.local',
  request_protocol: 'http',
};

describe('toTrafficSamples', () => {
  it('maps codes: HTTP 0 is no response, gRPC 0 is OK, TCP has none', () => {
    const [http0, http503, grpc0, grpc14] = toTrafficSamples(
      [
        sample({ ...base, response_code: '0' }),
        sample({ ...base, response_code: '503' }),
        sample({
          ...base,
          request_protocol: 'grpc',
          grpc_response_status: '0',
          response_code: '200',
        }),
        sample({
          ...base,
          request_protocol: 'grpc',
          grpc_response_status: '14',
          response_code: '200',
        }),
      ],
      'requests',
    );
    expect([http0?.code, http503?.code, grpc0?.code, grpc14?.code]).toEqual([
      '-',
      '503',
      '0',
      '14',
    ]);
    expect(toTrafficSamples([sample(base)], 'tcp')[0]).toMatchObject({
      protocol: 'tcp',
      code: '-',
    });
  });

  it('drops samples without traffic: zero, NaN, +Inf', () => {
    expect(
      toTrafficSamples(
        [sample(base, 0), sample(base, NaN), sample(base, Infinity), sample(base, 2)],
        'requests',
      ),
    ).toHaveLength(1);
  });

  it("reads Istio's `unknown` canonical labels as empty", () => {
    const [s] = toTrafficSamples(
      [
        sample({
          ...base,
          source_canonical_service: 'unknown',
          source_canonical_revision: 'unknown',
        }),
      ],
      'requests',
    );
    expect(s?.source).toMatchObject({ app: '', version: '' });
  });
});

describe('dedupeReporters', () => {
  const selected = new Set(['bookinfo']);
  const samples = toTrafficSamples(
    [
      sample({ ...base, reporter: 'destination' }),
      sample({ ...base, reporter: 'source' }),
      sample({
        ...base,
        reporter: 'source',
        destination_workload_namespace: 'bankapp',
        destination_workload: 'pricing-v1',
      }),
      sample({
        ...base,
        reporter: 'source',
        destination_workload_namespace: 'unknown',
        destination_workload: 'unknown',
        response_code: '404',
        response_flags: 'NR',
      }),
    ],
    'requests',
  );

  it('keeps destination reports into the selection, and source reports only where no destination report exists', () => {
    const kept = dedupeReporters(samples, selected);
    expect(kept.map((s) => `${s.reporter}:${s.destination.workload}`)).toEqual([
      'destination:reviews-v1',
      'source:pricing-v1',
      'source:unknown',
    ]);
  });

  it('keeps a waypoint’s reports (ambient) into or out of the selection, and none elsewhere', () => {
    const ambient = toTrafficSamples(
      [
        // A sidecar caller and the waypoint in front of an ambient reviews: one request.
        sample({ ...base, reporter: 'waypoint' }),
        sample({ ...base, reporter: 'source' }),
        // From an ambient workload in the selection to one outside it.
        sample({
          ...base,
          reporter: 'waypoint',
          destination_workload_namespace: 'bankapp',
          destination_workload: 'pricing-v1',
        }),
        // Between two namespaces that are not selected.
        sample({
          ...base,
          reporter: 'waypoint',
          source_workload_namespace: 'shop',
          destination_workload_namespace: 'bankapp',
        }),
      ],
      'requests',
    );
    expect(
      dedupeReporters(ambient, selected).map((s) => `${s.reporter}:${s.destination.workload}`),
    ).toEqual(['waypoint:reviews-v1', 'waypoint:pricing-v1']);
  });
});

describe('isShadowHost', () => {
  it.each([
    ['reviews-shadow:9080', true],
    ['reviews-shadow', true],
    ['reviews.bookinfo.svc.cluster.local-shadow', true],
    ['reviews-shadow.bookinfo.svc.cluster.local', true],
    ['reviews.bookinfo.svc.cluster.local', false],
    ['shadow-reviews:9080', false],
    ['reviews:9080', false],
  ])('%s → %s', (host, shadow) => expect(isShadowHost(host)).toBe(shadow));
});
