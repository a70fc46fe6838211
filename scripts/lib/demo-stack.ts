import { startDemoMesh, type DemoMesh, type DemoMeshOptions } from '../../lib/demo/mesh';
import { startPrometheus, type PrometheusOptions } from './prometheus';
import { startVictoriaMetrics } from './victoria-metrics';

/** What scrapes the demo mesh and answers PromQL. */
export type MetricsStore = 'prometheus' | 'victoria-metrics';

export const METRICS_STORE_LABEL: Record<MetricsStore, string> = {
  prometheus: 'Prometheus',
  'victoria-metrics': 'VictoriaMetrics',
};

export interface DemoStack {
  mesh: DemoMesh;
  /** The metrics store (Prometheus unless asked otherwise), scraping the mesh. */
  prometheus: { url: string; dataDir: string; stop(): Promise<void> };
  stop(): Promise<void>;
}

/** The demo mesh plus a real metrics store scraping it: what the demo, tests and benchmarks run. */
export async function startDemoStack(options: {
  /** The binary of `store` (prometheus or victoria-metrics). */
  prometheusBin: string;
  store?: MetricsStore;
  mesh?: DemoMeshOptions;
  scrapeIntervalSeconds: number;
  prometheusPort?: number;
  echo?: (line: string) => void;
}): Promise<DemoStack> {
  const mesh = await startDemoMesh(options.mesh);
  const scrape: PrometheusOptions['scrape'] = mesh.scrapeTargets.map(({ url, namespace }) => {
    const target = new URL(url);
    return {
      job: 'demo-mesh',
      target: target.host,
      path: target.pathname,
      ...(namespace ? { params: { namespace } } : {}),
    };
  });
  let prometheus: DemoStack['prometheus'];
  try {
    const storeOptions = {
      bin: options.prometheusBin,
      port: options.prometheusPort,
      scrape,
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      echo: options.echo,
    };
    prometheus =
      options.store === 'victoria-metrics'
        ? await startVictoriaMetrics(storeOptions)
        : await startPrometheus(storeOptions);
  } catch (error) {
    await mesh.stop();
    throw error;
  }
  return {
    mesh,
    prometheus,
    stop: async () => {
      await prometheus.stop();
      await mesh.stop();
    },
  };
}
