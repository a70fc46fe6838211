import { startDemoMesh, type DemoMesh, type DemoMeshOptions } from '../../lib/demo/mesh';
import { startPrometheus, type PrometheusProcess } from './prometheus';

export interface DemoStack {
  mesh: DemoMesh;
  prometheus: PrometheusProcess;
  stop(): Promise<void>;
}

/** The demo mesh plus a real Prometheus scraping it: what the demo, tests and benchmarks run. */
export async function startDemoStack(options: {
  prometheusBin: string;
  mesh?: DemoMeshOptions;
  scrapeIntervalSeconds: number;
  prometheusPort?: number;
  echo?: (line: string) => void;
}): Promise<DemoStack> {
  const mesh = await startDemoMesh(options.mesh);
  let prometheus: PrometheusProcess;
  try {
    prometheus = await startPrometheus({
      bin: options.prometheusBin,
      port: options.prometheusPort,
      scrape: mesh.scrapeTargets.map(({ url, namespace }) => {
        const target = new URL(url);
        return {
          job: 'demo-mesh',
          target: target.host,
          path: target.pathname,
          ...(namespace ? { params: { namespace } } : {}),
        };
      }),
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      echo: options.echo,
    });
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
