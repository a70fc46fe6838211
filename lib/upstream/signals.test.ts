import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './signals';

describe('withTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it('gives each call its own signal without adding listeners to the request’s', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const request = new AbortController();
    // A routing read makes 13 calls under one request signal.
    const calls = Array.from({ length: 30 }, () => withTimeout(10_000, request.signal));
    expect(getEventListeners(request.signal, 'abort')).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    for (const call of calls) call.dispose();
  });

  it('fires when the request is aborted, and on its own timeout', () => {
    vi.useFakeTimers();
    const request = new AbortController();
    const a = withTimeout(1000, request.signal);
    const b = withTimeout(1000);
    request.abort(new Error('client went away'));
    expect(a.signal.aborted).toBe(true);
    expect(a.timedOut()).toBe(false);
    expect(b.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(b.signal.aborted).toBe(true);
    expect(b.timedOut()).toBe(true);
    expect((b.signal.reason as DOMException).name).toBe('TimeoutError');
  });
});
