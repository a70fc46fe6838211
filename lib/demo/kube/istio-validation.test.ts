import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateIstioObject } from './istio-validation';

const fixtures = join(__dirname, '../../../test/fixtures/kiali');
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

const vs = (spec: unknown) => ({ metadata: { name: 'reviews' }, spec });
const route = (...weights: number[]) => ({
  hosts: ['reviews'],
  http: [
    {
      route: weights.map((weight, i) => ({
        destination: { host: 'reviews', subset: `v${i + 1}` },
        weight,
      })),
    },
  ],
});

describe('validateIstioObject', () => {
  it("accepts Kiali's reviews VirtualService and DestinationRule fixtures", () => {
    expect(validateIstioObject('VirtualService', load('reviews-virtualservice.json'))).toEqual([]);
    expect(validateIstioObject('DestinationRule', load('reviews-destinationrule.json'))).toEqual(
      [],
    );
  });

  it('accepts weights that do not add up to 100 (Istio normalises them)', () => {
    expect(validateIstioObject('VirtualService', vs(route(1, 2)))).toEqual([]);
  });

  it.each([
    ['a missing spec', { metadata: { name: 'r' } }, 'spec'],
    ['an upper-case name', { metadata: { name: 'Reviews' }, spec: route(100) }, 'metadata.name'],
    ['no hosts', vs({ http: [] }), 'spec.hosts'],
    ['a negative weight', vs(route(-1, 101)), 'spec.http[0].route[0].weight'],
    ['a fractional weight', vs(route(50.5, 49.5)), 'spec.http[0].route[0].weight'],
    ['all-zero weights over two destinations', vs(route(0, 0)), 'spec.http[0].route'],
    [
      'a destination without host',
      vs({ hosts: ['r'], http: [{ route: [{ destination: {} }] }] }),
      'spec.http[0].route[0].destination.host',
    ],
    [
      'a bad timeout',
      vs({ ...route(100), http: [{ ...route(100).http[0], timeout: '10 seconds' }] }),
      'spec.http[0].timeout',
    ],
    [
      'an abort status out of range',
      vs({
        ...route(100),
        http: [
          {
            ...route(100).http[0],
            fault: { abort: { httpStatus: 99, percentage: { value: 10 } } },
          },
        ],
      }),
      'spec.http[0].fault.abort.httpStatus',
    ],
    [
      'a fault percentage over 100',
      vs({
        ...route(100),
        http: [
          {
            ...route(100).http[0],
            fault: { delay: { fixedDelay: '1s', percentage: { value: 120 } } },
          },
        ],
      }),
      'spec.http[0].fault.delay.percentage.value',
    ],
    [
      'a header match with two kinds',
      vs({
        ...route(100),
        http: [
          {
            ...route(100).http[0],
            match: [{ headers: { 'end-user': { exact: 'a', prefix: 'b' } } }],
          },
        ],
      }),
      'spec.http[0].match[0].headers.end-user',
    ],
  ])('rejects %s', (_what, object, field) => {
    expect(validateIstioObject('VirtualService', object).map((c) => c.field)).toContain(field);
  });

  it('rejects DestinationRules without host or with duplicate subsets', () => {
    const causes = validateIstioObject('DestinationRule', {
      metadata: { name: 'reviews' },
      spec: {
        subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1' }, { name: 'V_2' }],
      },
    }).map((c) => c.field);
    expect(causes).toEqual(['spec.host', 'spec.subsets[1].name', 'spec.subsets[2].name']);
  });
});
