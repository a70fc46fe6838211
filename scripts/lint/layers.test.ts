import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.mjs (docs/ARCHITECTURE.md) fail on a wrong-way import and
 * pass a right-way one: linted as if the text were a file at `path`.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

// Loading ESLint with Next's configuration takes seconds on a busy machine.
describe('layer rules', { timeout: 30_000 }, () => {
  it('refuse a backend client, the configuration or server code in pure code', async () => {
    for (const code of [
      "import { loadGraph } from '../server/graph';\nexport const a = loadGraph;\n",
      "import type { KubeClient } from '../kube/client';\nexport type A = KubeClient;\n",
      "import { getConfig } from '@/lib/config';\nexport const a = getConfig;\n",
      "import { otlpTracesSchema } from '../tracing/wire-otlp';\nexport const a = otlpTracesSchema;\n",
    ])
      expect(await restricted('lib/graph/wrong-way.ts', code)).toEqual([
        expect.stringContaining('Domain code is pure'),
      ]);
    expect(
      await restricted(
        'lib/graph/right-way.ts',
        "import { selector } from '../promql/promql';\nimport type { KubeDeployment } from '../kube/types';\nexport const a = selector;\nexport type B = KubeDeployment;\n",
      ),
    ).toEqual([]);
  });

  it('refuse server code in the browser, and the domain in contracts', async () => {
    expect(
      await restricted(
        'components/WrongWay.tsx',
        "import { loadGraph } from '@/lib/server/graph';\nexport const a = loadGraph;\n",
      ),
    ).toEqual([expect.stringContaining('The browser talks to our API only')]);
    expect(
      await restricted(
        'lib/contracts/wrong-way.ts',
        "import { readRouting } from '../routing/convert';\nexport const a = readRouting;\n",
      ),
    ).toEqual([expect.stringContaining('Contracts sit below the code they describe')]);
  });

  it('let tests cross the layers', async () => {
    expect(
      await restricted(
        'lib/graph/wrong-way.test.ts',
        "import { startDemoMesh } from '../demo/mesh';\nexport const a = startDemoMesh;\n",
      ),
    ).toEqual([]);
  });
});
