import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countersToPrometheusText, type CounterSeries } from './openmetrics';
import { freePort, startLocalServer } from './processes';
import { prometheusConfig, type PrometheusOptions, type PrometheusProcess } from './prometheus';
import { VICTORIA_METRICS, ensureTools } from './system-deps';

/** A running VictoriaMetrics: its Prometheus-compatible query API's base URL. */
export type VictoriaMetricsProcess = PrometheusProcess;

/** What it scrapes and where: the same settings Prometheus takes. */
export type VictoriaMetricsOptions = Pick<
  PrometheusOptions,
  'bin' | 'port' | 'scrape' | 'scrapeIntervalSeconds' | 'echo'
>;

/**
 * A real single-node VictoriaMetrics on a loopback port with a temporary data directory,
 * scraping `scrape` like Prometheus would. Resolves once `/health` answers.
 */
export async function startVictoriaMetrics(
  options: VictoriaMetricsOptions,
): Promise<VictoriaMetricsProcess> {
  const workDir = mkdtempSync(join(tmpdir(), 'meshlens-victoria-'));
  const dataDir = join(workDir, 'data');
  const port = options.port ?? (await freePort());
  const scrapeConfig = join(workDir, 'scrape.yml');
  writeFileSync(
    scrapeConfig,
    prometheusConfig(options.scrape ?? [], options.scrapeIntervalSeconds ?? 5),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = await startLocalServer({
    what: 'VictoriaMetrics',
    bin: options.bin,
    args: [
      `-storageDataPath=${dataDir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      `-promscrape.config=${scrapeConfig}`,
      // The config is Prometheus' own; VictoriaMetrics has no rules to evaluate.
      '-promscrape.config.strictParse=false',
      // Backfilled samples lie years in the past; keep them, and answer without hiding the
      // last 30 s (its default latency offset), as Prometheus does.
      '-retentionPeriod=100y',
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
    ],
    url,
    readyPath: '/health',
    workDir,
    echo: options.echo,
  });
  return { url, dataDir, stop };
}

/**
 * A real VictoriaMetrics holding counters backfilled from `startSec` to `endSec` (a sample
 * every `stepSeconds`) through its import API: the same series and rates as
 * {@link startBackfilledPrometheus} gives Prometheus.
 */
export async function startBackfilledVictoriaMetrics(
  series: readonly CounterSeries[],
  window: { startSec: number; endSec: number; stepSeconds?: number },
): Promise<VictoriaMetricsProcess> {
  const tools = ensureTools([VICTORIA_METRICS], { autoInstall: false, log: console.log });
  const store = await startVictoriaMetrics({ bin: tools['victoria-metrics'] as string });
  try {
    const body = countersToPrometheusText(
      [...series],
      window.startSec,
      window.endSec,
      window.stepSeconds ?? 15,
    );
    const imported = await fetch(`${store.url}/api/v1/import/prometheus`, { method: 'POST', body });
    if (!imported.ok)
      throw new Error(`import answered HTTP ${imported.status}: ${await imported.text()}`);
    // Make the imported samples searchable now rather than within a second or so.
    await fetch(`${store.url}/internal/force_flush`);
    return store;
  } catch (error) {
    await store.stop();
    throw error;
  }
}
