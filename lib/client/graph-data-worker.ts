import { ApiClientError } from './api';
import { GraphAnswers, type GraphShown, type ShowRequest } from './graph-data';
import type { GraphDataMessage, GraphDataReply } from './graph-data.worker';

type Pending = { resolve: (result: GraphShown) => void; reject: (error: Error) => void };

/**
 * The page's side of the graph data worker: a view request is a message, its answer a
 * promise; aborting the signal aborts the fetch in the worker. Without workers (or once the
 * worker has failed to start) the same work runs in the page.
 */
class GraphDataClient {
  private worker: Worker | undefined;
  private lastId = 0;
  private readonly pending = new Map<number, Pending>();
  private inPage: GraphAnswers | undefined;

  show(request: ShowRequest, signal?: AbortSignal): Promise<GraphShown> {
    if (typeof Worker === 'undefined' || this.inPage)
      return (this.inPage ??= new GraphAnswers()).show(request, signal);
    const worker = this.worker ?? this.startWorker();
    const id = (this.lastId += 1);
    return new Promise<GraphShown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      signal?.addEventListener('abort', () => post(worker, { type: 'abort', id }), { once: true });
      post(worker, { type: 'show', id, request });
    });
  }

  private startWorker(): Worker {
    // Inline `new URL(…, import.meta.url)`: the bundler makes the worker its own chunk.
    const worker = new Worker(new URL('./graph-data.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<GraphDataReply>) => {
      const reply = event.data;
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else if (reply.aborted)
        pending.reject(new DOMException('graph request aborted', 'AbortError'));
      else
        pending.reject(
          new ApiClientError(reply.error.message, reply.error.status, reply.error.backend),
        );
    };
    worker.onerror = (event) => {
      // A worker that cannot run here (a strict CSP, say): the page does the work from now on.
      event.preventDefault();
      this.worker?.terminate();
      this.worker = undefined;
      this.inPage = new GraphAnswers();
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const p of waiting) p.reject(new Error(`graph data worker failed: ${event.message}`));
    };
    this.worker = worker;
    return worker;
  }
}

const post = (worker: Worker, message: GraphDataMessage): void => worker.postMessage(message);

/** The one client of the page: answers parsed in the worker are shared by every view of them. */
export const graphData = new GraphDataClient();
