import type { LayoutPositions, LayoutRequest } from './layout-run';
import type { LayoutReply } from './layout.worker';

/** A layout replaced by a newer one before it finished. */
export class LayoutSuperseded extends Error {
  constructor() {
    super('layout superseded by a newer one');
    this.name = 'LayoutSuperseded';
  }
}

/**
 * Lays out graphs in a Web Worker, one at a time, so that a layout of thousands of nodes
 * (seconds of dagre or fcose) never blocks the page. A new request ends the one running: its
 * elements are gone, and a worker cannot be interrupted any other way.
 */
export class LayoutWorker {
  private worker: Worker | undefined;
  private lastId = 0;
  private pending:
    { id: number; resolve: (p: LayoutPositions) => void; reject: (e: Error) => void } | undefined;

  /** Whether this browser can run workers at all (else the canvas lays out in place). */
  static get supported(): boolean {
    return typeof Worker !== 'undefined';
  }

  run(request: LayoutRequest): Promise<LayoutPositions> {
    if (this.pending) {
      this.pending.reject(new LayoutSuperseded());
      this.pending = undefined;
      this.stopWorker();
    }
    const worker = this.worker ?? this.startWorker();
    const id = (this.lastId += 1);
    return new Promise<LayoutPositions>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      worker.postMessage({ id, request });
    });
  }

  dispose(): void {
    this.pending?.reject(new LayoutSuperseded());
    this.pending = undefined;
    this.stopWorker();
  }

  private startWorker(): Worker {
    // Inline `new URL(…, import.meta.url)`: the bundler makes the worker its own chunk.
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<LayoutReply>) => {
      const pending = this.pending;
      if (!pending || pending.id !== event.data.id) return;
      this.pending = undefined;
      if ('error' in event.data) pending.reject(new Error(`layout failed: ${event.data.error}`));
      else pending.resolve(event.data.positions);
    };
    worker.onerror = (event) => {
      this.pending?.reject(new Error(`layout worker failed: ${event.message || 'no message'}`));
      this.pending = undefined;
      this.stopWorker();
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
