import { describe, expect, it } from 'vitest';
import { chooseIstioVersion } from './istio-version';

const group = (versions: string[], preferred?: string) => ({
  versions: versions.map((version) => ({ version })),
  preferredVersion: preferred ? { version: preferred } : undefined,
});

describe('chooseIstioVersion', () => {
  it("takes the server's preferred version", () => {
    expect(chooseIstioVersion(group(['v1', 'v1beta1', 'v1alpha3'], 'v1'))).toBe('v1');
    expect(chooseIstioVersion(group(['v1', 'v1beta1'], 'v1beta1'))).toBe('v1beta1');
  });

  it('falls back to the newest known version on Istio before 1.22 (no v1)', () => {
    expect(chooseIstioVersion(group(['v1alpha3', 'v1beta1'], 'v2alpha9'))).toBe('v1beta1');
    expect(chooseIstioVersion(group(['v1alpha3']))).toBe('v1alpha3');
  });

  it('answers undefined when Istio is not installed or serves nothing we know', () => {
    expect(chooseIstioVersion(undefined)).toBeUndefined();
    expect(chooseIstioVersion(group(['v2']))).toBeUndefined();
  });
});
