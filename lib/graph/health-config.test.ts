import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from './health';
import { compileHealthRules, healthConfigSchema } from './health-config';

describe('health configuration', () => {
  const lookup = compileHealthRules(
    healthConfigSchema.parse({
      rules: [
        {
          namespace: 'batch-.*',
          kind: 'workload',
          tolerances: { http5xx: { degraded: 5, failure: 20 } },
        },
        { name: 'reviews', tolerances: { http4xx: { failure: 50 } } },
      ],
    }),
  );

  it('applies the first matching rule, keeping defaults for what it leaves out', () => {
    expect(lookup({ namespace: 'batch-eu', kind: 'workload', name: 'x' }).http5xx).toEqual({
      degraded: 5,
      failure: 20,
    });
    expect(lookup({ namespace: 'batch-eu', kind: 'workload', name: 'reviews' }).http4xx).toEqual(
      DEFAULT_TOLERANCES.http4xx,
    );
    expect(lookup({ namespace: 'bookinfo', kind: 'app', name: 'reviews' }).http4xx).toEqual({
      degraded: 10,
      failure: 50,
    });
  });

  it('anchors patterns and falls back to the defaults', () => {
    expect(lookup({ namespace: 'prod-batch-eu', kind: 'workload', name: 'x' })).toEqual(
      DEFAULT_TOLERANCES,
    );
    expect(lookup({ namespace: 'bookinfo', kind: 'app', name: 'reviews-v2' })).toEqual(
      DEFAULT_TOLERANCES,
    );
  });

  it('rejects bad patterns and percentages', () => {
    expect(healthConfigSchema.safeParse({ rules: [{ name: '(', tolerances: {} }] }).success).toBe(
      false,
    );
    expect(
      healthConfigSchema.safeParse({ rules: [{ tolerances: { http5xx: { failure: 120 } } }] })
        .success,
    ).toBe(false);
  });

  it('takes an optional p95 threshold in ms, and rejects one that is not above 0', () => {
    const rules = compileHealthRules(
      healthConfigSchema.parse({
        rules: [{ namespace: 'bookinfo', tolerances: { p95Ms: { degraded: 1000 } } }],
      }),
    );
    expect(rules({ namespace: 'bookinfo', kind: 'app', name: 'x' }).p95Ms).toEqual({
      degraded: 1000,
    });
    expect(rules({ namespace: 'other', kind: 'app', name: 'x' }).p95Ms).toBeUndefined();
    expect(
      healthConfigSchema.safeParse({ rules: [{ tolerances: { p95Ms: { failure: 0 } } }] }).success,
    ).toBe(false);
  });
});
