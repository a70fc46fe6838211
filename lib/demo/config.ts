import { z } from 'zod';
import { ConfigError } from '../config/env';

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a whole port number')
  .min(0, 'expected a port from 0 to 65535 (0 = any free port)')
  .max(65535, 'expected a port from 0 to 65535');

/** Settings of `npm run demo`, all optional. */
const demoEnvSchema = z.object({
  DEMO_RATE: z.coerce
    .number({ message: 'expected a number of requests per second' })
    .positive('expected requests per second above 0')
    .max(2_000, 'expected at most 2000 requests per second (the simulation runs on one core)')
    .optional(),
  DEMO_ERROR_RATE: z.coerce
    .number({ message: 'expected a fraction from 0 to 1' })
    .min(0, 'expected a fraction from 0 to 1')
    .max(1, 'expected a fraction from 0 to 1')
    .optional(),
  DEMO_SCRAPE_INTERVAL: z.coerce
    .number({ message: 'expected whole seconds from 1 to 60' })
    .int('expected whole seconds from 1 to 60')
    .min(1, 'expected whole seconds from 1 to 60')
    .max(60, 'expected whole seconds from 1 to 60')
    .optional(),
  DEMO_TRACE_SAMPLING: z.coerce
    .number({ message: 'expected a fraction from 0 to 1' })
    .min(0, 'expected a fraction from 0 to 1')
    .max(1, 'expected a fraction from 0 to 1')
    .default(1),
  DEMO_TRACE_LIMIT: z.coerce
    .number({ message: 'expected a whole number of traces' })
    .int('expected a whole number of traces')
    .min(0, 'expected 0 or more traces')
    .max(500_000, 'expected at most 500000 traces (they are kept in memory)')
    .default(20_000),
  /** What scrapes the demo and answers the dashboard's PromQL. */
  DEMO_METRICS_STORE: z
    .enum(['prometheus', 'victoria-metrics'], {
      message: 'expected prometheus or victoria-metrics',
    })
    .default('prometheus'),
  /** Adds an Istio ambient namespace (`travel`, behind a waypoint) beside Bookinfo. */
  DEMO_AMBIENT: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  /**
   * 2: Bookinfo over two clusters, `east` and `west`, sharing one mesh, each with its own
   * Kubernetes API (the dashboard reaches them as two kubeconfig contexts).
   */
  DEMO_CLUSTERS: z.coerce
    .number({ message: 'expected 1 or 2 clusters' })
    .int('expected 1 or 2 clusters')
    .min(1, 'expected 1 or 2 clusters')
    .max(2, 'expected 1 or 2 clusters')
    .default(1),
  DEMO_AUTH: z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  DEMO_SERVICES: z.coerce
    .number({ message: 'expected a number of services' })
    .int('expected a whole number of services')
    .min(0, 'expected 0 (Bookinfo) or 1 to 5000 services')
    .max(5_000, 'expected 0 (Bookinfo) or 1 to 5000 services')
    .default(0),
  DEMO_NAMESPACES: z.coerce
    .number({ message: 'expected a number of namespaces' })
    .int('expected a whole number of namespaces')
    .min(1, 'expected 1 to 500 namespaces')
    .max(500, 'expected 1 to 500 namespaces')
    .optional(),
  DEMO_SEED: z.coerce
    .number({ message: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'expected a whole number from 0 to 4294967295')
    .max(4_294_967_295, 'expected a whole number from 0 to 4294967295')
    .default(1),
  DEMO_PROMETHEUS_PORT: port.default(0),
  DEMO_TRACING_PORT: port.default(0),
  DEMO_KUBE_PORT: port.default(0),
  DEMO_METRICS_PORT: port.default(0),
});

/**
 * The demo's settings, defaults filled in. A synthetic mesh (DEMO_SERVICES > 0) defaults to
 * one request per second per service (every edge seen within a minute), one namespace per 20
 * services, Istio's usual 15 s scrape and no mesh-wide error rate (its failing versions fail);
 * Bookinfo to 10 requests per second, 5 s and 1 % errors.
 */
export type DemoConfig = Omit<
  z.infer<typeof demoEnvSchema>,
  'DEMO_RATE' | 'DEMO_ERROR_RATE' | 'DEMO_SCRAPE_INTERVAL' | 'DEMO_NAMESPACES'
> & {
  DEMO_RATE: number;
  DEMO_ERROR_RATE: number;
  DEMO_SCRAPE_INTERVAL: number;
  DEMO_NAMESPACES: number;
};

/** Parses the demo's environment; throws {@link ConfigError} naming each bad variable. */
export function parseDemoConfig(env: Record<string, string | undefined>): DemoConfig {
  const present = Object.fromEntries(
    Object.keys(demoEnvSchema.shape)
      .map((key) => [key, env[key]?.trim()] as const)
      .filter((entry): entry is readonly [string, string] => !!entry[1]),
  );
  const parsed = demoEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}: ${issue.message}, got ${JSON.stringify(present[name])}`;
      }),
    );
  }
  const e = parsed.data;
  const synthetic = e.DEMO_SERVICES > 0;
  const namespaces = e.DEMO_NAMESPACES ?? Math.max(1, Math.ceil(e.DEMO_SERVICES / 20));
  if (synthetic && namespaces > e.DEMO_SERVICES)
    throw new ConfigError([
      `DEMO_NAMESPACES: expected at most one namespace per service (${e.DEMO_SERVICES}), got ${namespaces}`,
    ]);
  if (synthetic && e.DEMO_CLUSTERS > 1)
    throw new ConfigError([
      'DEMO_CLUSTERS: two clusters run Bookinfo; leave DEMO_SERVICES unset (or 0) to use them',
    ]);
  return {
    ...e,
    DEMO_RATE: e.DEMO_RATE ?? (synthetic ? Math.min(2_000, Math.max(10, e.DEMO_SERVICES)) : 10),
    // A synthetic mesh's failing versions fail on their own; the rest do not.
    DEMO_ERROR_RATE: e.DEMO_ERROR_RATE ?? (synthetic ? 0 : 0.01),
    DEMO_SCRAPE_INTERVAL: e.DEMO_SCRAPE_INTERVAL ?? (synthetic ? 15 : 5),
    DEMO_NAMESPACES: namespaces,
  };
}
