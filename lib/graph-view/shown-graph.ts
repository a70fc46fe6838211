import type { GraphResponse, NodeData } from '../contracts/graph';
import { hideElements, parseFilter } from './find-hide';
import { focusGraph } from './focus';
import { foldNamespaces, namespacesToFold, type FoldMode } from './fold';
import { namespaceTotals, type NamespaceTotals } from './panel';
import { thinFoldedCalls, type CallsMode } from './thin';

/** The parts of the view state that decide which of the API's elements are shown. */
export interface ShowOptions {
  /** A hide expression (find-hide.ts); one that does not parse hides nothing. */
  hide: string;
  focus: string | undefined;
  hops: number;
  fold: FoldMode;
  expand: readonly string[];
  /** Whether the calls between folded namespaces are thinned to the busiest (thin.ts). */
  calls: CallsMode;
}

/** The whole answer: nothing hidden, no focus, nothing folded. */
export const WHOLE_GRAPH: ShowOptions = {
  hide: '',
  focus: undefined,
  hops: 1,
  fold: 'none',
  expand: [],
  calls: 'all',
};

/**
 * What the graph view shows of one API answer, and the few facts about the whole answer its
 * banners and summary need. Everything the page draws or lists comes from here, so the answer
 * itself (thousands of nodes on a large mesh) never has to reach the page: see graph-data.
 */
export interface ShownGraph {
  /** Hidden elements left out, the focus' neighbourhood kept, namespaces folded. */
  graph: GraphResponse;
  /** Nodes in the API's answer: none means no traffic in the window. */
  answered: number;
  /** Nodes shown before folding (hidden ones and those outside the focus left out). */
  unfolded: number;
  /** The namespaces drawn folded, sorted. */
  folded: string[];
  /** Calls between folded namespaces left out, the quietest (see thin.ts). */
  thinned: number;
  /** The focus node as the API answered it, if the answer has it. */
  focused?: NodeData;
  /** Traffic into each namespace, counted before folding (requests inside folded ones too). */
  totals: NamespaceTotals;
  /** Elements new and gone against the baseline, in the whole answer. */
  compared: { new: number; vanished: number };
}

/**
 * Applies a view to an answer, in order: hidden elements leave the graph first (found ones are
 * only highlighted, later); then a focus keeps one node's neighbourhood; then, on a large
 * graph, namespaces fold, and their quietest calls are left out unless every call is asked
 * for.
 */
export function showGraph(answer: GraphResponse, options: ShowOptions): ShownGraph {
  const hide = parseFilter(options.hide);
  const kept = hide.ok && options.hide ? hideElements(answer, hide.predicate) : answer;
  const unfolded = options.focus ? focusGraph(kept, options.focus, options.hops) : kept;
  const fold = namespacesToFold(unfolded, options.fold, options.expand);
  const { nodes, edges } = answer.elements;
  const count = (status: 'new' | 'vanished') =>
    nodes.filter((n) => n.data.compared?.status === status).length +
    edges.filter((e) => e.data.compared?.status === status).length;
  const focused = options.focus ? nodes.find((n) => n.data.id === options.focus)?.data : undefined;
  const folded = foldNamespaces(unfolded, fold);
  const thin =
    options.calls === 'busiest' && fold.size > 0
      ? thinFoldedCalls(folded)
      : { graph: folded, thinned: 0 };
  return {
    graph: thin.graph,
    answered: nodes.length,
    unfolded: unfolded.elements.nodes.length,
    folded: [...fold].sort(),
    thinned: thin.thinned,
    ...(focused ? { focused } : {}),
    totals: namespaceTotals(unfolded),
    compared: { new: count('new'), vanished: count('vanished') },
  };
}
