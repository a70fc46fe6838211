import { describe, expect, it } from 'vitest';
import {
  playwrightCounts,
  playwrightFailures,
  vitestCounts,
  vitestFailures,
  type VitestReport,
} from './test-counts';

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

describe('vitestFailures', () => {
  it('names each failed test by file and title with the first plain line of why, then broken files', () => {
    const r = report([
      {
        name: '/tmp/ci/lib/server/graph.integration.test.ts',
        status: 'failed',
        assertionResults: [
          { status: 'passed', fullName: 'graph answers' },
          {
            status: 'failed',
            fullName: 'graph › shards by namespace',
            failureMessages: [
              '\u001b[31mAssertionError: expected 3 to be 4\u001b[39m\n    at x.ts:1',
            ],
          },
        ],
      },
      file('/tmp/ci/e2e/broken.test.ts', 'failed', [], 'SyntaxError: Unexpected token\nmore'),
    ]);
    expect(vitestFailures(r)).toEqual([
      {
        name: 'lib/server/graph.integration.test.ts › graph › shards by namespace',
        why: 'AssertionError: expected 3 to be 4',
      },
      { name: 'e2e/broken.test.ts', why: 'SyntaxError: Unexpected token' },
    ]);
  });

  it('has nothing to name without a report', () => {
    expect(vitestFailures(undefined)).toEqual([]);
  });
});

describe('playwrightFailures', () => {
  it('names unexpected tests through their suites, with the last error, and errors outside tests', () => {
    const failures = playwrightFailures({
      stats: { expected: 1, unexpected: 1, flaky: 1, skipped: 0 },
      errors: [{ message: 'Error: web server exited\nstack' }],
      suites: [
        {
          title: 'graph.spec.ts',
          specs: [{ title: 'draws', tests: [{ status: 'expected' }] }],
          suites: [
            {
              title: 'Level of detail',
              specs: [
                {
                  title: 'labels come back on Fit',
                  tests: [
                    {
                      status: 'unexpected',
                      results: [
                        { error: { message: 'first try' } },
                        { error: { message: 'Timeout 5000ms exceeded' } },
                      ],
                    },
                  ],
                },
                { title: 'retried', tests: [{ status: 'flaky', results: [{ error: {} }] }] },
              ],
            },
          ],
        },
      ],
    });
    expect(failures).toEqual([
      {
        name: 'graph.spec.ts › Level of detail › labels come back on Fit',
        why: 'Timeout 5000ms exceeded',
      },
      { name: '(outside any test)', why: 'Error: web server exited' },
    ]);
  });
});
