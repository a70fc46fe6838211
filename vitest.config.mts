import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

const shared = {
  resolve: {
    alias: {
      '@/': root,
      'server-only': fileURLToPath(new URL('./scripts/vitest/server-only.ts', import.meta.url)),
    },
  },
};

/**
 * Two projects: `unit` (pure code, no processes, runs in seconds) and `integration` (real
 * Prometheus, the demo's Kubernetes API and kubectl, started by the tests themselves).
 */
export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{lib,components,scripts,app}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{lib,scripts,app}/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own Prometheus; two cores run two files at most.
          maxWorkers: 2,
        },
      },
    ],
  },
});
