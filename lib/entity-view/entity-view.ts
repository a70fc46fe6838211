import { parseViewState, type GraphViewState } from '../graph-view/view-state';

/**
 * A page's default window: longer than the graph's minute, so a dashboard opens on a trend.
 * The graph's own default stays out of the graph's URL; this one out of the page's.
 */
export const ENTITY_DEFAULT_DURATION: GraphViewState['duration'] = '10m';

/**
 * An entity page's view from its URL: the same parameters as the graph's (`duration`, `time`
 * for replay, the traces panel's filters), so the two hand a window and a moment to each other.
 */
export function entityView(search: {
  toString(): string;
  has(name: string): boolean;
}): GraphViewState {
  const state = parseViewState(new URLSearchParams(search.toString()));
  return search.has('duration') ? state : { ...state, duration: ENTITY_DEFAULT_DURATION };
}
