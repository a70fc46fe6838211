import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

/**
 * What pure code and the browser may not import, relative or through `@/lib`: the backends'
 * clients and wire formats, configuration, server wiring and the demo.
 */
const LAYER = {
  backends:
    '^(?:(?:\\.\\./)+|@/lib/)(?:server|prometheus|kube/(?:client|wire|kubeconfig|middleware)|tracing|upstream|demo|config)(?:/|$)',
};

/** Flat config: Next's recommended sets plus the house rules from STYLE.md. */
const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      // scratch measurements, ignored by git
      'tmp/**',
    ],
  },
  ...coreWebVitals,
  ...typescript,
  {
    // Next's sets load their plugins for these files only (a .cjs preload script is plain Node).
    files: ['**/*.{js,jsx,mjs,ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // The layers of docs/ARCHITECTURE.md, as arrows the code may not take. Tests may cross them
  // (a domain test may parse a wire sample or start the demo).
  {
    files: [
      'lib/{changes,contracts,dashboards,entity-view,graph,graph-view,latency,overview,promql,routing,trace-view,traces,validations}/**/*.{ts,tsx}',
    ],
    ignores: ['**/*.test.ts', '**/*.int.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: LAYER.backends,
              message:
                'Domain code is pure: no backend client, wire format, configuration or server wiring (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // Contracts are the bottom of the domain: the code they describe imports them, not the
    // reverse (a later block for the same files replaces the rule, so both patterns are here).
    files: ['lib/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: LAYER.backends,
              message: 'Contracts are pure: no backend, configuration or server code.',
            },
            {
              regex:
                '^(?:(?:\\.\\./)+|@/lib/)(?:changes|graph|graph-view|latency|overview|routing|trace-view|validations)(?:/|$)',
              message:
                'Contracts sit below the code they describe: move the schema into lib/contracts instead (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'lib/client/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: LAYER.backends,
              message:
                'The browser talks to our API only (lib/client): no backend client, configuration or server code (docs/ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // CommonJS preload scripts (scripts/peer-address.cjs) load Node modules with require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default config;
