/**
 * One call shared by everyone who asks the same question at the same time: the first caller
 * starts it, later callers with the same key wait for the same answer, and the answer is kept
 * for a short time after it arrives (the caller chooses how long). Failures reach everyone
 * waiting but are never kept, so the next caller asks again.
 *
 * Each caller keeps its own cancellation: a caller whose signal aborts stops waiting at once
 * (with `onAbort`'s error), and the call itself is aborted only when no caller is left waiting.
 */

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
  settled: boolean;
  /** When a settled answer stops being served, ms since the epoch. */
  expiresAt: number;
}

export interface SharedCallsOptions {
  /** Answers kept at most; the oldest go first. */
  maxEntries: number;
  /** The error a caller gets when its own signal aborts while it waits. */
  onAbort: (signal: AbortSignal) => Error;
  now?: () => number;
}

export class SharedCalls<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;
  /** Calls started (not shared): what the backend actually saw. */
  started = 0;

  constructor(private readonly options: SharedCallsOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The answer for `key`: a running call's, a kept answer's (younger than its `keepMs`), or a
   * new call's, kept for `keepMs` after it arrives (0: shared while running only).
   */
  run(
    key: string,
    keepMs: number,
    signal: AbortSignal | undefined,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(this.options.onAbort(signal));
    const existing = this.entries.get(key);
    const entry =
      existing && (!existing.settled || existing.expiresAt > this.now())
        ? existing
        : this.start(key, keepMs, call);
    if (entry.settled) return entry.promise;
    return this.wait(key, entry, signal);
  }

  private start(key: string, keepMs: number, call: (signal: AbortSignal) => Promise<T>): Entry<T> {
    this.prune();
    const controller = new AbortController();
    this.started += 1;
    const entry: Entry<T> = {
      promise: call(controller.signal),
      controller,
      waiting: 0,
      settled: false,
      expiresAt: 0,
    };
    entry.promise.then(
      () => {
        entry.settled = true;
        entry.expiresAt = this.now() + keepMs;
        if (keepMs <= 0 && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private wait(key: string, entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
    entry.waiting += 1;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        entry.waiting -= 1;
      };
      const onAbort = (): void => {
        leave();
        // The last one out turns off the light, and nobody joins an abandoned call.
        if (!entry.settled && entry.waiting === 0) {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          entry.controller.abort(signal?.reason);
        }
        reject(this.options.onAbort(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          leave();
          resolve(value);
        },
        (error: unknown) => {
          leave();
          reject(error);
        },
      );
    });
  }

  /** Drops expired answers, then the oldest while over the bound. */
  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries)
      if (entry.settled && entry.expiresAt <= now) this.entries.delete(key);
    for (const [key, entry] of this.entries) {
      if (this.entries.size < this.options.maxEntries) break;
      if (entry.settled) this.entries.delete(key);
    }
  }
}
