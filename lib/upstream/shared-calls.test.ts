import { describe, expect, it } from 'vitest';
import { SharedCalls } from './shared-calls';

class Cancelled extends Error {}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const make = (now = () => 1_000) =>
  new SharedCalls<string>({ maxEntries: 3, onAbort: () => new Cancelled('cancelled'), now });

describe('SharedCalls', () => {
  it('runs one call for everyone asking the same key while it runs', async () => {
    const shared = make();
    const answer = deferred<string>();
    let calls = 0;
    const ask = () =>
      shared.run('q', 0, undefined, () => {
        calls += 1;
        return answer.promise;
      });
    const all = Promise.all(Array.from({ length: 50 }, ask));
    answer.resolve('graph');
    expect(await all).toEqual(Array(50).fill('graph'));
    expect(calls).toBe(1);
    expect(shared.started).toBe(1);
    // Not kept (keepMs 0): the next question is a new call.
    await shared.run('q', 0, undefined, async () => 'again');
    expect(shared.started).toBe(2);
  });

  it('keeps an answer for keepMs, then asks again; different keys never share', async () => {
    let clock = 1_000;
    const shared = make(() => clock);
    expect(await shared.run('a', 5_000, undefined, async () => 'first')).toBe('first');
    clock += 4_999;
    expect(await shared.run('a', 5_000, undefined, async () => 'second')).toBe('first');
    expect(await shared.run('b', 5_000, undefined, async () => 'other')).toBe('other');
    clock += 1;
    expect(await shared.run('a', 5_000, undefined, async () => 'third')).toBe('third');
  });

  it('shares a failure with those waiting, but never keeps it', async () => {
    const shared = make();
    const answer = deferred<string>();
    const one = shared.run('q', 60_000, undefined, () => answer.promise);
    const two = shared.run('q', 60_000, undefined, () => Promise.resolve('unused'));
    answer.reject(new Error('Prometheus: no answer'));
    await expect(one).rejects.toThrow('Prometheus: no answer');
    await expect(two).rejects.toThrow('Prometheus: no answer');
    expect(await shared.run('q', 60_000, undefined, async () => 'recovered')).toBe('recovered');
  });

  it('lets each caller give up alone; aborts the call only when nobody waits', async () => {
    const shared = make();
    const answer = deferred<string>();
    let callSignal: AbortSignal | undefined;
    const a = new AbortController();
    const b = new AbortController();
    const first = shared.run('q', 0, a.signal, (signal) => {
      callSignal = signal;
      return answer.promise;
    });
    const second = shared.run('q', 0, b.signal, () => Promise.resolve('unused'));
    a.abort();
    await expect(first).rejects.toBeInstanceOf(Cancelled);
    expect(callSignal?.aborted).toBe(false);
    b.abort();
    await expect(second).rejects.toBeInstanceOf(Cancelled);
    expect(callSignal?.aborted).toBe(true);
    answer.reject(new Error('aborted upstream'));
    // The abandoned call is forgotten: the next caller starts afresh.
    expect(await shared.run('q', 0, undefined, async () => 'fresh')).toBe('fresh');
  });

  it('refuses at once a caller that has already given up', async () => {
    const shared = make();
    const gone = new AbortController();
    gone.abort();
    await expect(shared.run('q', 0, gone.signal, async () => 'x')).rejects.toBeInstanceOf(
      Cancelled,
    );
    expect(shared.started).toBe(0);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const shared = make();
    for (const key of ['a', 'b', 'c', 'd'])
      await shared.run(key, 60_000, undefined, async () => key);
    expect(await shared.run('a', 60_000, undefined, async () => 'a again')).toBe('a again');
    expect(await shared.run('d', 60_000, undefined, async () => 'd again')).toBe('d');
  });
});
