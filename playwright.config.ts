import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/lib/system-deps';

/**
 * End-to-end tests in Debian's Chromium against `npm run demo`. Playwright never downloads a
 * browser here: CHROMIUM_PATH (default /usr/bin/chromium) is the one we drive.
 */
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL,
    timezoneId: 'UTC',
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'node scripts/bootstrap.mjs scripts/demo.ts',
    url: `${baseURL}/api/healthz`,
    env: { PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    // The first run builds the app (about 15 s on two cores) before starting it.
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    // Ctrl-C, not the default SIGKILL: the demo then stops Prometheus and removes its data.
    gracefulShutdown: { signal: 'SIGINT', timeout: 15_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
