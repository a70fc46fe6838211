import { API } from '../contracts/api';
import type { GraphResponse } from '../contracts/graph';
import { showGraph, type ShowOptions, type ShownGraph } from '../graph-view/shown-graph';
import { apiGet } from './api';

/** One view of a graph answer, and when that answer was fetched (ms since the epoch). */
export interface GraphShown {
  shown: ShownGraph;
  fetchedAt: number;
}

/** A request for a view of the graph at an API path. */
export interface ShowRequest {
  /** The `/api/graph` query string. */
  query: string;
  options: ShowOptions;
  /**
   * Whether the last answer fetched for `query` may be shown again rather than asking the
   * server: true when only the view changed (a namespace expanded, a node hidden), false for
   * a refresh.
   */
  reuse: boolean;
}

/** Answers kept: the graph and its traffic-first twin, for the view shown and the one before. */
const KEPT = 4;

/**
 * The graph answers of the page, kept where they are parsed so that a view of one (folded,
 * focused, with parts hidden) is made without the server and without moving the answer
 * anywhere. On a thousand-service mesh an answer is 4 MB of JSON that turns into 8,000
 * objects; the view drawn of it is often a hundredth of that. Runs in the graph data worker
 * (graph-data.worker.ts), or in the page where workers are not available.
 */
export class GraphAnswers {
  private readonly answers = new Map<string, { graph: GraphResponse; fetchedAt: number }>();

  async show(request: ShowRequest, signal?: AbortSignal): Promise<GraphShown> {
    const answer = (request.reuse && this.answers.get(request.query)) || {
      graph: await apiGet(API.graph, { params: {}, query: request.query }, { signal }),
      fetchedAt: Date.now(),
    };
    // Most recently used last: the first is the one to forget.
    this.answers.delete(request.query);
    this.answers.set(request.query, answer);
    for (const query of this.answers.keys()) {
      if (this.answers.size <= KEPT) break;
      this.answers.delete(query);
    }
    return { shown: showGraph(answer.graph, request.options), fetchedAt: answer.fetchedAt };
  }
}
