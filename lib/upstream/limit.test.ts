import { describe, expect, it } from 'vitest';
import { isUpstreamError } from './errors';
import { ConcurrencyLimit } from './limit';

describe('ConcurrencyLimit', () => {
  it('sheds the call past the bound at once, naming the backend, and frees slots as calls end', async () => {
    const limit = new ConcurrencyLimit('prometheus', 2);
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const running = [limit.run('http://prom', () => held), limit.run('http://prom', () => held)];
    expect(limit.active).toBe(2);
    const shed = await limit.run('http://prom', async () => 'ran').catch((e: unknown) => e);
    expect(isUpstreamError(shed) && shed.kind).toBe('saturated');
    expect(String(shed)).toMatch(
      /^UpstreamError: Prometheus: saturated: 2 calls already in flight/,
    );
    release();
    await Promise.all(running);
    expect(limit.active).toBe(0);
    expect(await limit.run('http://prom', async () => 'ran')).toBe('ran');
  });

  it('frees the slot when a call fails', async () => {
    const limit = new ConcurrencyLimit('tracing', 1);
    await limit.run('x', () => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(limit.active).toBe(0);
  });
});
