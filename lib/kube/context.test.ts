import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKubeClient } from './client';

describe('which cluster a Kubernetes client talks to', () => {
  it('names the kubeconfig context in use, and none for a plain API URL', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'meshlens-kubeconfig-')), 'config');
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters:
- {name: east, cluster: {server: 'https://east.example:6443'}}
- {name: west, cluster: {server: 'https://west.example:6443'}}
users:
- {name: me, user: {token: t}}
contexts:
- {name: kind-east, context: {cluster: east, user: me}}
- {name: kind-west, context: {cluster: west, user: me}}
current-context: kind-west
`,
    );
    const fromConfig = createKubeClient({ access: { mode: 'kubeconfig', path }, timeoutMs: 1000 });
    expect(fromConfig.server).toBe('https://west.example:6443');
    expect(fromConfig.context).toBe('kind-west');
    const fromUrl = createKubeClient({
      access: { mode: 'url', url: 'http://127.0.0.1:1', skipTlsVerify: false },
      timeoutMs: 1000,
    });
    expect(fromUrl.context).toBeUndefined();
  });
});
