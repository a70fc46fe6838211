/**
 * `npm test`: every check and test suite, in order of speed, continuing past failures so the
 * summary is complete. Ends with one plain line `N passed, N failed` (CI reads it).
 *
 *   npm test                     all stages
 *   npm test -- unit e2e         only the named stages
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CHROMIUM,
  KUBECTL,
  PROMETHEUS,
  PROMTOOL,
  VICTORIA_METRICS,
  ensureTools,
} from './lib/system-deps';
import { freePort } from './lib/processes';
import {
  brokenFiles,
  playwrightCounts,
  playwrightFailures,
  vitestCounts,
  vitestFailures,
  type Counts,
  type Failure,
  type PlaywrightReport,
  type VitestReport,
} from './lib/test-counts';

const root = resolve(__dirname, '..');
const results = join(root, 'test-results');

interface Outcome {
  counts: Counts;
  /** Named failures, listed at the end of the summary where CI's tail shows them. */
  failures: Failure[];
}

interface Stage {
  name: string;
  what: string;
  run: () => Promise<Outcome>;
}

const bin = (name: string): string => join(root, 'node_modules/.bin', name);

/** Runs a command with inherited output; resolves to its exit code. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('error', (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      resolvePromise(127);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

/** A check without test cases counts as one test. */
const check = async (command: string, args: string[]): Promise<Outcome> =>
  (await run(command, args)) === 0
    ? { counts: { passed: 1, failed: 0, skipped: 0 }, failures: [] }
    : {
        counts: { passed: 0, failed: 1, skipped: 0 },
        failures: [{ name: [command, ...args].join(' '), why: 'see its output above' }],
      };

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

async function vitest(project: 'unit' | 'integration'): Promise<Outcome> {
  const output = join(results, `vitest-${project}.json`);
  rmSync(output, { force: true });
  const code = await run(bin('vitest'), [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${output}`,
  ]);
  const report = readJson(output) as VitestReport | undefined;
  for (const broken of report ? brokenFiles(report) : []) {
    console.error(`[test] ${broken.name} failed to load: ${broken.message.split('\n')[0]}`);
  }
  return { counts: vitestCounts(report, code), failures: vitestFailures(report) };
}

async function playwright(): Promise<Outcome> {
  const output = join(results, 'playwright.json');
  rmSync(output, { force: true });
  const code = await run(bin('playwright'), ['test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: output,
    E2E_PORT: String(await freePort()),
    CI: 'true',
  });
  const report = readJson(output) as PlaywrightReport | undefined;
  return { counts: playwrightCounts(report, code), failures: playwrightFailures(report) };
}

const STAGES: Stage[] = [
  {
    name: 'typecheck',
    what: 'next typegen + tsc --noEmit',
    run: () => check('npm', ['run', '--silent', 'typecheck']),
  },
  { name: 'lint', what: 'eslint', run: () => check(bin('eslint'), ['--max-warnings=0', '.']) },
  { name: 'format', what: 'prettier --check', run: () => check(bin('prettier'), ['--check', '.']) },
  { name: 'unit', what: 'vitest unit', run: () => vitest('unit') },
  {
    name: 'integration',
    what: 'vitest integration (real Prometheus, demo API, kubectl)',
    run: () => vitest('integration'),
  },
  { name: 'e2e', what: 'Playwright in Chromium against npm run demo', run: playwright },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !STAGES.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown stage(s): ${unknown.join(', ')}; stages are ${STAGES.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const stages = wanted.length ? STAGES.filter((s) => wanted.includes(s.name)) : STAGES;
  mkdirSync(results, { recursive: true });

  const needsTools = stages.some((s) => s.name === 'integration' || s.name === 'e2e');
  if (needsTools) {
    try {
      ensureTools([PROMETHEUS, PROMTOOL, VICTORIA_METRICS, KUBECTL, CHROMIUM], {
        autoInstall: true,
        log: (line) => console.log(`[test] ${line}`),
      });
    } catch (error) {
      console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
      console.log('\n0 passed, 1 failed');
      process.exit(1);
    }
  }

  const rows: ({ stage: Stage; seconds: number } & Outcome)[] = [];
  for (const stage of stages) {
    console.log(`\n━━ ${stage.name}: ${stage.what}`);
    const started = performance.now();
    const outcome = await stage.run();
    rows.push({ stage, ...outcome, seconds: (performance.now() - started) / 1000 });
  }

  const total = rows.reduce(
    (sum, r) => ({
      passed: sum.passed + r.counts.passed,
      failed: sum.failed + r.counts.failed,
      skipped: sum.skipped + r.counts.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log('\nSummary');
  for (const { stage, counts, seconds } of rows) {
    const status = counts.failed > 0 ? 'FAIL' : 'ok  ';
    console.log(
      `  ${status} ${stage.name.padEnd(12)} ${String(counts.passed).padStart(4)} passed ${String(counts.failed).padStart(3)} failed  ${seconds.toFixed(1).padStart(6)} s`,
    );
  }
  const failures = rows.flatMap((row) =>
    row.failures.map((failure) => ({ stage: row.stage.name, ...failure })),
  );
  if (failures.length > 0) {
    console.log('\nFailed');
    for (const { stage, name, why } of failures) {
      console.log(`  ${stage}: ${name}${why ? `\n      ${why.slice(0, 200)}` : ''}`);
    }
  }
  console.log(
    `\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
  );
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
