import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetricsChunks, type CounterSeries } from './openmetrics';
import { freePort, startLocalServer } from './processes';
import { PROMETHEUS, PROMTOOL, ensureTools } from './system-deps';

export interface PrometheusOptions {
  /** Path of the prometheus binary. */
  bin: string;
  port?: number;
  /** Scrape targets as `host:port` with their metrics path. */
  scrape?: { job: string; target: string; path: string; params?: Record<string, string> }[];
  scrapeIntervalSeconds?: number;
  /** Time retention; default 3650d so backfilled fixtures far in the past stay queryable. */
  retention?: string;
  /** An existing TSDB directory (e.g. filled by promtool backfill); default a new temp dir. */
  dataDir?: string;
  echo?: (line: string) => void;
}

export interface PrometheusProcess {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Prometheus' YAML config for the given scrape targets (JSON is valid YAML). */
export function prometheusConfig(
  scrape: NonNullable<PrometheusOptions['scrape']>,
  intervalSeconds: number,
): string {
  return JSON.stringify(
    {
      global: {
        scrape_interval: `${intervalSeconds}s`,
        evaluation_interval: `${intervalSeconds}s`,
      },
      // One job per name; targets sharing an address differ by their URL parameters, which
      // also become a label (a real mesh's targets are pods, each with its own labels).
      scrape_configs: [...new Set(scrape.map((s) => s.job))].map((job) => {
        const targets = scrape.filter((s) => s.job === job);
        return {
          job_name: job,
          metrics_path: targets[0]?.path,
          scrape_timeout: `${intervalSeconds}s`,
          static_configs: targets.map((s) => ({
            targets: [s.target],
            ...(s.params
              ? {
                  labels: Object.fromEntries(
                    Object.entries(s.params).flatMap(([k, v]) => [
                      [`__param_${k}`, v],
                      [k, v],
                    ]),
                  ),
                }
              : {}),
          })),
        };
      }),
    },
    null,
    2,
  );
}

/**
 * Starts a real Prometheus on a loopback port with a temporary data directory and a long
 * retention (backfilled fixtures may lie far in the past). Resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusProcess> {
  const port = options.port ?? (await freePort());
  const workDir = mkdtempSync(join(tmpdir(), 'meshlens-prometheus-'));
  const dataDir = options.dataDir ?? join(workDir, 'data');
  const configFile = join(workDir, 'prometheus.yml');
  writeFileSync(
    configFile,
    prometheusConfig(options.scrape ?? [], options.scrapeIntervalSeconds ?? 5),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = await startLocalServer({
    what: 'Prometheus',
    bin: options.bin,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--storage.tsdb.retention.time=${options.retention ?? '3650d'}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    url,
    readyPath: '/-/ready',
    workDir,
    echo: options.echo,
  });
  return { url, dataDir, stop };
}

/**
 * Writes an OpenMetrics text, whole or in chunks, into TSDB blocks with `promtool tsdb
 * create-blocks-from openmetrics`. Timestamps in the text must be unix seconds and the text
 * must end with `# EOF`.
 */
export function backfillOpenMetrics(
  promtool: string,
  openMetrics: string | Iterable<string>,
  dataDir: string,
): void {
  const workDir = mkdtempSync(join(tmpdir(), 'meshlens-backfill-'));
  try {
    const file = join(workDir, 'input.om');
    if (typeof openMetrics === 'string')
      writeFileSync(file, openMetrics.endsWith('\n') ? openMetrics : `${openMetrics}\n`);
    else {
      const fd = openSync(file, 'w');
      try {
        for (const chunk of openMetrics) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
    const result = spawnSync(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', file, dataDir],
      {
        encoding: 'utf8',
      },
    );
    if (result.status !== 0)
      throw new Error(`promtool backfill failed: ${result.stderr || result.stdout}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * A real Prometheus over counters backfilled from `startSec` to `endSec`, a sample every
 * `stepSeconds`: the exact, known rates integration tests assert. Stopping it also removes
 * its data.
 */
export async function startBackfilledPrometheus(
  series: readonly CounterSeries[],
  window: { startSec: number; endSec: number; stepSeconds?: number },
): Promise<PrometheusProcess> {
  const tools = ensureTools([PROMETHEUS, PROMTOOL], { autoInstall: false, log: console.log });
  const dataDir = mkdtempSync(join(tmpdir(), 'meshlens-backfilled-'));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    backfillOpenMetrics(
      tools.promtool as string,
      openMetricsChunks(series, window.startSec, window.endSec, window.stepSeconds ?? 15),
      dataDir,
    );
    const prometheus = await startPrometheus({ bin: tools.prometheus as string, dataDir });
    return {
      ...prometheus,
      stop: async () => {
        await prometheus.stop();
        removeData();
      },
    };
  } catch (error) {
    removeData();
    throw error;
  }
}
