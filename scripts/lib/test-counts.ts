/**
 * Turns the JSON reports of Vitest and Playwright into the counts of `npm test`'s summary.
 * A test file that fails to load (a missing fixture, a syntax error, a throwing import) has no
 * test results of its own; it counts as one failed test, never as nothing.
 */

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The parts of Vitest's `--reporter=json` output that we read (Jest's format). */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { status: string }[];
  }[];
}

/** Files that failed without a failing test: they did not load, or a hook threw. */
export function brokenFiles(report: VitestReport): { name: string; message: string }[] {
  return report.testResults
    .filter((file) => file.status === 'failed')
    .filter((file) => !file.assertionResults.some((test) => test.status === 'failed'))
    .map((file) => ({ name: file.name, message: file.message ?? '' }));
}

/**
 * Counts of one Vitest run. `exitCode` catches what no report shows (a crash after the
 * report was written): a failing exit with nothing failed counts as one failure.
 */
export function vitestCounts(report: VitestReport | undefined, exitCode: number): Counts {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const failed = report.numFailedTests + brokenFiles(report).length;
  return {
    passed: report.numPassedTests,
    failed: failed === 0 && exitCode !== 0 ? 1 : failed,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** The parts of Playwright's JSON reporter output that we read. */
export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: unknown[];
}

/**
 * Counts of one Playwright run. Errors outside tests (a spec file that fails to load, a
 * web server that never starts) each count as one failed test.
 */
export function playwrightCounts(report: PlaywrightReport | undefined, exitCode: number): Counts {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const failed = unexpected + (report.errors?.length ?? 0);
  return {
    passed: expected + flaky,
    failed: failed === 0 && exitCode !== 0 ? 1 : failed,
    skipped,
  };
}
