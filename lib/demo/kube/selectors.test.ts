import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { KubeStatusError } from './status';

describe('parseLabelSelector', () => {
  const labels = { app: 'reviews', version: 'v2', tier: 'backend' };

  it.each([
    ['app=reviews', true],
    ['app==reviews', true],
    ['app!=reviews', false],
    ['app=reviews,version=v1', false],
    ['version in (v1, v2)', true],
    ['version notin (v1,v2)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app=reviews,version in (v2,v3),tier', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects malformed keys with a 400', () => {
    expect(() => parseLabelSelector('a b=c')).toThrow(KubeStatusError);
  });
});

describe('parseFieldSelector', () => {
  it('matches metadata.name and metadata.namespace', () => {
    const fields = { 'metadata.name': 'reviews', 'metadata.namespace': 'bookinfo' };
    expect(parseFieldSelector('metadata.name=reviews')(fields)).toBe(true);
    expect(parseFieldSelector('metadata.name=reviews,metadata.namespace!=bookinfo')(fields)).toBe(
      false,
    );
  });

  it('rejects other fields as the API server does', () => {
    expect(() => parseFieldSelector('spec.host=x')).toThrow('field label not supported: spec.host');
  });
});
