import 'server-only';
import type { GraphLimits } from '../contracts/graph-limits';
import { MAX_GRAPH_DURATION } from '../contracts/graph-params';
import type { PrometheusClient } from '../prometheus/client';
import { parseRetentionSeconds } from '../prometheus/retention';

/** The longest graph window worth offering: Prometheus' time retention, at most 7 days. */
export async function loadGraphLimits(
  prometheus: PrometheusClient,
  signal?: AbortSignal,
): Promise<GraphLimits> {
  const { storageRetention } = await prometheus.runtimeInfo({ signal });
  const retention = parseRetentionSeconds(storageRetention);
  return {
    maxDurationSeconds: Math.min(MAX_GRAPH_DURATION, retention ?? MAX_GRAPH_DURATION),
    retention: storageRetention,
  };
}
