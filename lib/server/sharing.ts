import 'server-only';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import { UpstreamError, type Upstream } from '../upstream/errors';
import { SharedCalls } from '../upstream/shared-calls';

/**
 * Many viewers, one round of backend calls. Live graphs are computed at "now" rounded down to
 * GRAPH_CACHE_SECONDS, so everyone refreshing within the same few seconds asks the same
 * question: identical instant queries are sent to Prometheus once (its credentials are
 * Meshlens' own, the same for every user), and a whole graph — its Kubernetes lists included —
 * is built once per Kubernetes identity, so one user never sees what another user's RBAC
 * allows and theirs does not.
 */

const cancelled = (upstream: Upstream, url: string) => () =>
  new UpstreamError('request cancelled', { upstream, kind: 'aborted', url });

/** "now", unix seconds, rounded down to the sharing window (0: the current second). */
export function sharedNowSec(windowSeconds: number, nowMs = Date.now()): number {
  const now = Math.floor(nowMs / 1000);
  return windowSeconds > 0 ? now - (now % windowSeconds) : now;
}

/**
 * The client with instant queries at a given time, and label values over a given window,
 * shared: while one runs, and for `keepMs` after its answer arrives. At most `maxEntries`
 * answers of each are kept (queries' can be megabytes).
 */
export function sharingPrometheus(
  client: PrometheusClient,
  options: { keepMs: number; maxEntries: number },
): PrometheusClient {
  const shared = new SharedCalls<Awaited<ReturnType<PrometheusClient['instantQuery']>>>({
    maxEntries: options.maxEntries,
    onAbort: cancelled('prometheus', client.url),
  });
  const sharedValues = new SharedCalls<string[]>({
    maxEntries: options.maxEntries,
    onAbort: cancelled('prometheus', client.url),
  });
  return {
    ...client,
    labelValues: (label, callOptions = {}) => {
      const { startSec, endSec, match = [], signal } = callOptions;
      if (startSec === undefined || endSec === undefined)
        return client.labelValues(label, callOptions);
      const key = JSON.stringify([label, startSec, endSec, match]);
      return sharedValues.run(key, options.keepMs, signal, (own) =>
        client.labelValues(label, { startSec, endSec, match, signal: own }),
      );
    },
    instantQuery: (query, callOptions = {}) => {
      const { timeSec, signal } = callOptions;
      // "Now" moves under an unpinned query: only a query at a given time has one answer.
      if (timeSec === undefined) return client.instantQuery(query, callOptions);
      return shared.run(`${timeSec} ${query}`, options.keepMs, signal, (own) =>
        client.instantQuery(query, { timeSec, signal: own }),
      );
    },
  };
}

const graphsByClient = new WeakMap<KubeClient, SharedCalls<string>>();

/**
 * Graph answers, serialized, shared among the requests of one Kubernetes identity (one
 * client).
 */
export function sharedGraphs(kube: KubeClient): SharedCalls<string> {
  let shared = graphsByClient.get(kube);
  if (!shared) {
    shared = new SharedCalls<string>({
      maxEntries: 16,
      onAbort: cancelled('kubernetes', kube.server),
    });
    graphsByClient.set(kube, shared);
  }
  return shared;
}
