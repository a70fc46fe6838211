import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countersToPrometheusText, type CounterSeries } from './openmetrics';
import { freePort, startManaged, waitForHttp } from './processes';
import { VICTORIA_METRICS, ensureTools } from './system-deps';

export interface VictoriaMetricsProcess {
  /** The Prometheus-compatible query API's base URL. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real single-node VictoriaMetrics on a loopback port with a temporary data directory, its
 * counters backfilled from `startSec` to `endSec` (a sample every `stepSeconds`) through its
 * import API: the same series and rates as {@link startBackfilledPrometheus} gives Prometheus.
 */
export async function startBackfilledVictoriaMetrics(
  series: readonly CounterSeries[],
  window: { startSec: number; endSec: number; stepSeconds?: number },
): Promise<VictoriaMetricsProcess> {
  const tools = ensureTools([VICTORIA_METRICS], { autoInstall: false, log: console.log });
  const dataDir = mkdtempSync(join(tmpdir(), 'meshlens-victoria-'));
  const port = await freePort();
  const managed = startManaged(tools['victoria-metrics'] as string, [
    `-storageDataPath=${dataDir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    // Backfilled samples lie years in the past; keep them, and answer without waiting for
    // "recent" data to settle (its default latency offset hides the last 30 s).
    '-retentionPeriod=100y',
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-loggerLevel=ERROR',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await managed.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/health`, 20_000, managed.child);
    const body = countersToPrometheusText(
      [...series],
      window.startSec,
      window.endSec,
      window.stepSeconds ?? 15,
    );
    const imported = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body });
    if (!imported.ok)
      throw new Error(`import answered HTTP ${imported.status}: ${await imported.text()}`);
    // Make the imported samples searchable now rather than within a second or so.
    await fetch(`${url}/internal/force_flush`);
    return { url, stop };
  } catch (error) {
    await stop();
    throw new Error(
      `VictoriaMetrics did not start: ${error instanceof Error ? error.message : String(error)}\n${managed.output()}`,
    );
  }
}
