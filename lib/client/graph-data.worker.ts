/// <reference lib="webworker" />
// The graph data worker: fetches, parses and validates graph answers and makes the views the
// page draws (graph-data.ts), so a large answer never occupies the page's main thread.
import { ApiClientError } from './api';
import { GraphAnswers, type GraphShown, type ShowRequest } from './graph-data';

export type GraphDataMessage =
  { type: 'show'; id: number; request: ShowRequest } | { type: 'abort'; id: number };

export type GraphDataReply =
  | { id: number; ok: true; result: GraphShown }
  | {
      id: number;
      ok: false;
      aborted: boolean;
      error: { message: string; status: number; backend?: ApiClientError['backend'] };
    };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const answers = new GraphAnswers();
const running = new Map<number, AbortController>();

scope.onmessage = async (event: MessageEvent<GraphDataMessage>) => {
  const message = event.data;
  if (message.type === 'abort') {
    running.get(message.id)?.abort();
    return;
  }
  const { id, request } = message;
  const controller = new AbortController();
  running.set(id, controller);
  let reply: GraphDataReply;
  try {
    reply = { id, ok: true, result: await answers.show(request, controller.signal) };
  } catch (error) {
    reply = {
      id,
      ok: false,
      aborted: controller.signal.aborted,
      error:
        error instanceof ApiClientError
          ? { message: error.message, status: error.status, backend: error.backend }
          : { message: error instanceof Error ? error.message : String(error), status: 0 },
    };
  } finally {
    running.delete(id);
  }
  scope.postMessage(reply);
};
