import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { issueText } from './route';

const issues = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error.issues.map((i) => issueText('parameter ', i, '?'));
};

describe('issueText', () => {
  it('names a list item by its value, never by zod’s path', () => {
    const schema = z.object({
      namespaces: z.array(z.string().regex(/^[a-z]+$/, 'must be a name')),
    });
    expect(issues(schema, { namespaces: ['ok', 'Bad_NS'] })).toEqual([
      'parameter namespaces "Bad_NS": must be a name',
    ]);
  });

  it('names nested items by position when their value is not text', () => {
    const schema = z.object({
      http: z.array(z.object({ weight: z.number().max(100, 'at most 100') })),
    });
    expect(issues(schema, { http: [{ weight: 1 }, { weight: 101 }] })).toEqual([
      'parameter http #2 › weight: at most 100',
    ]);
  });
});

describe('errorResponse for a saturated backend', () => {
  it('answers 503 with Retry-After, naming the backend', async () => {
    const { errorResponse } = await import('./route');
    const { UpstreamError } = await import('../upstream/errors');
    const response = errorResponse(
      new UpstreamError('saturated: 64 calls already in flight', {
        upstream: 'prometheus',
        kind: 'saturated',
        url: 'http://prom:9090',
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: {
        message: 'Prometheus: saturated: 64 calls already in flight',
        backend: 'prometheus',
        kind: 'saturated',
      },
    });
  });
});
