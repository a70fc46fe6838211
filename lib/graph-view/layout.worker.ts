/// <reference lib="webworker" />
// The canvas' layout worker: one layout per message, answered with positions or an error.
import { runLayout, type LayoutRequest } from './layout-run';

export type LayoutReply =
  { id: number; positions: ReturnType<typeof runLayout> } | { id: number; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = event.data;
  let reply: LayoutReply;
  try {
    reply = { id, positions: runLayout(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
