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
    assertionResults: { status: string; fullName?: string; failureMessages?: string[] }[];
  }[];
}

/** A failed test by name, with the first line of why: the summary lists them last. */
export interface Failure {
  name: string;
  why: string;
}

const firstLine = (text: string | undefined): string =>
  // Reporters colour their messages; the summary is plain text.
  (text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .trim()
    .split('\n')[0] ?? '';

/** Files that failed without a failing test: they did not load, or a hook threw. */
export function brokenFiles(report: VitestReport): { name: string; message: string }[] {
  return report.testResults
    .filter((file) => file.status === 'failed')
    .filter((file) => !file.assertionResults.some((test) => test.status === 'failed'))
    .map((file) => ({ name: file.name, message: file.message ?? '' }));
}

/** Every failed test and broken file of one Vitest run, named by file and title. */
export function vitestFailures(report: VitestReport | undefined): Failure[] {
  if (!report) return [];
  const failedTests = report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => ({
        name: `${relative(file.name)} › ${test.fullName ?? '(unnamed test)'}`,
        why: firstLine(test.failureMessages?.[0]),
      })),
  );
  const broken = brokenFiles(report).map((file) => ({
    name: relative(file.name),
    why: firstLine(file.message),
  }));
  return [...failedTests, ...broken];
}

/** Paths in reports are absolute; the repository's own part reads better. */
function relative(path: string): string {
  const at = path.search(/\/(lib|app|components|scripts|e2e)\//);
  return at >= 0 ? path.slice(at + 1) : path;
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
  errors?: { message?: string }[];
  suites?: PlaywrightSuite[];
}

interface PlaywrightSuite {
  title: string;
  specs?: {
    title: string;
    file?: string;
    line?: number;
    tests: { status: string; results?: { error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
}

/** Every unexpected test and error outside tests of one Playwright run. */
export function playwrightFailures(report: PlaywrightReport | undefined): Failure[] {
  if (!report) return [];
  const walk = (suite: PlaywrightSuite, titles: string[]): Failure[] => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests
        .filter((test) => test.status === 'unexpected')
        .map((test) => ({
          name: [...titles, spec.title].filter(Boolean).join(' › '),
          why: firstLine([...(test.results ?? [])].reverse().find((r) => r.error)?.error?.message),
        })),
    ),
    ...(suite.suites ?? []).flatMap((child) => walk(child, [...titles, child.title])),
  ];
  return [
    ...(report.suites ?? []).flatMap((suite) => walk(suite, [suite.title])),
    ...(report.errors ?? []).map((error) => ({
      name: '(outside any test)',
      why: firstLine(error.message),
    })),
  ];
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
