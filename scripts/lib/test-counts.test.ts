import { describe, expect, it } from 'vitest';
import { playwrightCounts, vitestCounts, type VitestReport } from './test-counts';

const file = (name: string, status: string, tests: string[], message?: string) => ({
  name,
  status,
  message,
  assertionResults: tests.map((s) => ({ status: s })),
});

const report = (files: VitestReport['testResults']): VitestReport => ({
  numPassedTests: files.flatMap((f) => f.assertionResults).filter((t) => t.status === 'passed')
    .length,
  numFailedTests: files.flatMap((f) => f.assertionResults).filter((t) => t.status === 'failed')
    .length,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: files,
});

describe('vitestCounts', () => {
  it('counts a file that fails to load as a failed test', () => {
    const r = report([
      file('a.test.ts', 'passed', ['passed', 'passed']),
      file('b.test.ts', 'failed', [], 'ENOENT: no such file or directory'),
    ]);
    expect(vitestCounts(r, 1)).toEqual({ passed: 2, failed: 1, skipped: 0 });
  });

  it('counts broken files beside failing tests, not instead of them', () => {
    const r = report([
      file('a.test.ts', 'failed', ['passed', 'failed']),
      file('b.test.ts', 'failed', []),
      file('c.test.ts', 'failed', []),
    ]);
    expect(vitestCounts(r, 1)).toEqual({ passed: 1, failed: 3, skipped: 0 });
  });

  it('counts a failing exit without any failure in the report as one failure', () => {
    expect(vitestCounts(report([file('a.test.ts', 'passed', ['passed'])]), 1).failed).toBe(1);
    expect(vitestCounts(report([file('a.test.ts', 'passed', ['passed'])]), 0).failed).toBe(0);
  });

  it('counts a missing report as one failure', () => {
    expect(vitestCounts(undefined, 0)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });
});

describe('playwrightCounts', () => {
  const stats = { expected: 5, unexpected: 1, flaky: 1, skipped: 2 };

  it('adds errors outside tests to the failures', () => {
    expect(playwrightCounts({ stats, errors: [{}, {}] }, 1)).toEqual({
      passed: 6,
      failed: 3,
      skipped: 2,
    });
  });

  it('counts a failing exit with nothing failed as one failure', () => {
    expect(playwrightCounts({ stats: { ...stats, unexpected: 0 } }, 1).failed).toBe(1);
  });
});
