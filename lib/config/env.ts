/**
 * The dashboard's configuration from its environment: every variable validated, with a message
 * naming each bad one. Pure (the environment is an argument), so `npm run demo` checks it before
 * starting anything; the server reads it once through lib/config/index.ts.
 */
import { z } from 'zod';
import type { KubeAccess } from '../kube/types';
import { CONNECTION_PREFIXES, connectionVariables, parseConnection } from './connection-env';
import { booleanFlag } from './fields';
import type { ConnectionSettings } from '../upstream/connection-settings';
import { DEFAULT_ALLOWED_HOSTS } from '../security/http';

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'http:' || url.protocol === 'https:';
        } catch {
          return false;
        }
      },
      { message: `expected an http(s) URL of ${what}` },
    )
    .refine((value) => !/^[a-z]+:\/\/[^/]*@/i.test(value), {
      message:
        'expected a URL without credentials (use the _BASIC_AUTH_ or _BEARER_TOKEN_ variables)',
    })
    .transform((value) => value.replace(/\/+$/, ''));

const milliseconds = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(100, 'expected at least 100 ms')
    .max(300_000, 'expected at most 300000 ms')
    .default(fallback);

/** Tracing query APIs we speak; `auto` probes them in turn. */
export const TRACING_APIS = ['jaeger-v3', 'jaeger-v1', 'tempo', 'auto'] as const;

/** A bound on calls in flight to one backend (past it: 503 with Retry-After). */
const maxCalls = z.coerce
  .number({ message: 'expected a number of calls' })
  .int('expected a whole number of calls')
  .min(1, 'expected 1 to 10000 calls')
  .max(10_000, 'expected 1 to 10000 calls');

/**
 * Every environment variable Meshlens reads, with its default. The README's configuration
 * table mirrors this schema; keep them together.
 */
const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'expected a TCP port number' })
    .int('expected a whole TCP port number')
    .min(1, 'expected a port from 1 to 65535')
    .max(65535, 'expected a port from 1 to 65535')
    .default(3000),
  BASE_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, {
      message: 'expected empty or a path such as /meshlens (leading slash, no trailing slash)',
    })
    .default(''),
  PROMETHEUS_URL: httpUrl('the Prometheus server').default('http://127.0.0.1:9090'),
  PROMETHEUS_TIMEOUT_MS: milliseconds(10_000),
  TRACING_URL: httpUrl('the tracing query service').optional(),
  TRACING_API: z
    .enum(TRACING_APIS, { message: `expected one of ${TRACING_APIS.join(', ')}` })
    .default('auto'),
  TRACING_TIMEOUT_MS: milliseconds(10_000),
  TRACING_UI_URL: httpUrl('the Jaeger or Grafana UI for links to traces').optional(),
  PROMETHEUS_UI_URL: httpUrl(
    "Prometheus' own UI, for the dashboards' Open in Prometheus links",
  ).optional(),
  GRAFANA_URL: httpUrl("Grafana, for the dashboards' Open in Grafana Explore links").optional(),
  GRAFANA_DATASOURCE_UID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, { message: "expected a Grafana data source's uid" })
    .default('prometheus'),
  TRACING_SERVICE_TEMPLATE: z
    .string()
    .regex(/\{service\}/, {
      message: 'expected a template containing {service}, e.g. {service}.{namespace}',
    })
    .regex(/^[A-Za-z0-9._{}:-]+$/, {
      message: 'expected letters, digits, . _ - : and the {service} and {namespace} placeholders',
    })
    .default('{service}.{namespace}'),
  KUBE_API_URL: httpUrl('the Kubernetes API server').optional(),
  KUBECONFIG: z.string().min(1, 'expected a path to a kubeconfig file').optional(),
  /**
   * The mesh's clusters, as Istio names them (`source_cluster`), each with the kubeconfig
   * context that reaches it: `east=ctx-east,west=ctx-west`, or `east,west` when the contexts
   * are named so. The first is the cluster the default Kubernetes access reaches.
   */
  KUBE_CLUSTERS: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?(=[\x21-\x7e]{1,253})?$/, {
              message:
                'expected cluster names as Istio reports them, each optionally =its kubeconfig context, e.g. east=ctx-east,west=ctx-west',
            }),
        )
        .min(1, 'expected at least one cluster name'),
    )
    .transform((entries) =>
      entries.map((entry) => {
        const [name = '', context] = entry.split(/=(.*)/s);
        return context ? { name, context } : { name };
      }),
    )
    .optional(),
  KUBE_TIMEOUT_MS: milliseconds(10_000),
  KUBE_INSECURE_SKIP_TLS_VERIFY: booleanFlag.default(false),
  KUBE_TOKEN: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[\x21-\x7e]+$/, { message: 'expected a bearer token (printable, no spaces)' })
    .optional(),
  VIEW_ONLY: booleanFlag.default(true),
  FRAME_ANCESTORS: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(
        z.string().regex(/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i, {
          message:
            'expected origins such as https://grafana.example.com (scheme and host, no path), separated by spaces or commas',
        }),
      ),
    )
    .optional(),
  ALLOWED_HOSTS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^(\*|(\*\.)?[a-z0-9.-]+|\[[0-9a-f:]+\])$/i, {
          message: 'expected host names such as meshlens.example.com, *.example.com or *',
        }),
      ),
    )
    .optional(),
  AUTH_STRATEGY: z
    .enum(['anonymous', 'token', 'header'], { message: 'expected anonymous, token or header' })
    .default('anonymous'),
  AUTH_PROXY_ADDRESSES: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-f:]+)$/i, {
          message: 'expected the IP addresses of the authenticating proxy, separated by commas',
        }),
      ),
    )
    .optional(),
  SESSION_SECRET: z.string().min(32, 'expected at least 32 characters of secret').optional(),
  /** Earlier secrets, comma-separated: cookies they sealed still open (rotation). */
  SESSION_SECRET_PREVIOUS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32, 'expected secrets of at least 32 characters')))
    .optional(),
  /**
   * Live graphs are computed at "now" rounded down to this many seconds, and shared by every
   * viewer asking within it (0: each request at its own second, shared only while in flight).
   */
  GRAPH_CACHE_SECONDS: z.coerce
    .number({ message: 'expected seconds' })
    .int('expected whole seconds')
    .min(0, 'expected 0 to 60 seconds')
    .max(60, 'expected 0 to 60 seconds')
    .default(5),
  /**
   * How long one reading of the Kubernetes objects (Deployments, Services, Istio and Gateway
   * API config) serves the graph and the pages of one identity; the live graph draws with a
   * reading up to six times as old while a newer one is read (0: read for every request).
   */
  KUBE_CACHE_SECONDS: z.coerce
    .number({ message: 'expected seconds' })
    .int('expected whole seconds')
    .min(0, 'expected 0 to 300 seconds')
    .max(300, 'expected 0 to 300 seconds')
    .default(10),
  PROMETHEUS_MAX_CONCURRENCY: maxCalls.default(64),
  KUBE_MAX_CONCURRENCY: maxCalls.default(256),
  TRACING_MAX_CONCURRENCY: maxCalls.default(32),
  SESSION_TTL_HOURS: z.coerce
    .number({ message: 'expected hours' })
    .int('expected whole hours')
    .min(1, 'expected 1 to 168 hours')
    .max(168, 'expected 1 to 168 hours')
    .default(8),
  /**
   * `namespace/name` of a ConfigMap that records sign-outs for every replica; without it a
   * sign-out is remembered by the replica that served it only.
   */
  SESSION_REVOCATION_CONFIGMAP: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      { message: 'expected namespace/name of a ConfigMap, e.g. meshlens/meshlens-sign-outs' },
    )
    .transform((value) => {
      const [namespace, name] = value.split('/') as [string, string];
      return { namespace, name };
    })
    .optional(),
  POD_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'expected a namespace name' })
    .optional(),
  HEALTH_CONFIG: z.string().min(1, 'expected a path to a JSON health configuration').optional(),
});

/** Every environment variable the dashboard reads (the Helm/kustomize ConfigMap uses these). */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(envSchema.shape),
  ...CONNECTION_PREFIXES.flatMap(connectionVariables),
];

/** Validated runtime configuration. */
export interface AppConfig {
  port: number;
  basePath: string;
  prometheus: { url: string; timeoutMs: number; connection: ConnectionSettings };
  tracing: {
    url: string | undefined;
    connection: ConnectionSettings;
    api: (typeof TRACING_APIS)[number];
    timeoutMs: number;
    /** Jaeger UI base URL for "open in Jaeger" links. */
    uiUrl: string | undefined;
    /** How a mesh service is named in traces: Istio's default is `{service}.{namespace}`. */
    serviceTemplate: string;
  };
  kube: {
    access: KubeAccess;
    timeoutMs: number;
    token?: string;
    /**
     * The mesh's clusters (KUBE_CLUSTERS), the one `access` reaches first, each with the access
     * that reaches it; empty when unset (one cluster, unnamed).
     */
    clusters: { name: string; access: KubeAccess }[];
  };
  /** Where a chart's PromQL can be opened; each absent when unset. */
  queryLinks: {
    prometheusUi: string | undefined;
    grafana: { url: string; datasourceUid: string } | undefined;
  };
  /** Path of the health tolerances file, if any. */
  healthConfigPath: string | undefined;
  /** No writes at all (routing edits answer 403). On unless VIEW_ONLY=false. */
  viewOnly: boolean;
  /** Origins allowed to frame the dashboard (Grafana), besides itself. */
  frameAncestors: string[];
  /** Host headers answered; others get 403 (DNS rebinding). */
  allowedHosts: string[];
  /**
   * Calls in flight per backend; past it requests are shed with 503. Kubernetes gets more: one
   * routing read is 13 cheap calls, one graph is 8 Prometheus queries.
   */
  maxConcurrency: Record<'prometheus' | 'kubernetes' | 'tracing', number>;
  /** Seconds "now" is rounded down to for live graphs, which viewers then share. */
  graphCacheSeconds: number;
  /** Seconds one reading of the Kubernetes objects serves an identity (see mesh-objects.ts). */
  kubeCacheSeconds: number;
  /**
   * Who the Kubernetes calls run as: the dashboard's own credentials (`anonymous`), each
   * user's bearer token entered at sign-in (`token`), or sent by an authenticating proxy
   * (`header`).
   */
  auth:
    | { strategy: 'anonymous' }
    | {
        strategy: 'token';
        sessionSecret: string;
        /** Secrets that open cookies: the current one first, then SESSION_SECRET_PREVIOUS. */
        sessionSecrets: string[];
        sessionTtlMs: number;
        /** The ConfigMap that shares sign-outs between replicas, if any. */
        revocationConfigMap?: { namespace: string; name: string };
      }
    /** A trusted proxy (oauth2-proxy style) sends each user's bearer token. */
    | { strategy: 'header'; proxyAddresses: string[] };
}

/** Raised for a bad environment; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment into an {@link AppConfig}. Empty strings count as unset, so
 * `FOO= npm run demo` behaves like leaving FOO out. Throws {@link ConfigError}.
 */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    CONFIG_VARIABLES.map((key) => [key, env[key]?.trim()] as const).filter(
      (entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const parsed = envSchema.safeParse(present);
  const prometheusConnection = parseConnection('PROMETHEUS', present);
  const tracingConnection = parseConnection('TRACING', present);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? 'environment');
          const value = present[name];
          return `${name}: ${issue.message}${value === undefined ? '' : `, got ${JSON.stringify(value)}`}`;
        })),
    ...prometheusConnection.problems,
    ...tracingConnection.problems,
  ];
  if (!parsed.success || !prometheusConnection.settings || !tracingConnection.settings)
    throw new ConfigError(problems);
  const e = parsed.data;
  if (e.AUTH_STRATEGY === 'header' && !e.AUTH_PROXY_ADDRESSES?.length)
    throw new ConfigError([
      'AUTH_PROXY_ADDRESSES: required with AUTH_STRATEGY=header (the IP addresses of the authenticating proxy)',
    ]);
  if (e.AUTH_STRATEGY === 'token' && !e.SESSION_SECRET)
    throw new ConfigError([
      'SESSION_SECRET: required with AUTH_STRATEGY=token (at least 32 random characters, e.g. openssl rand -base64 48)',
    ]);
  const inCluster = Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT);
  const access: KubeAccess = e.KUBE_API_URL
    ? { mode: 'url', url: e.KUBE_API_URL, skipTlsVerify: e.KUBE_INSECURE_SKIP_TLS_VERIFY }
    : e.KUBECONFIG
      ? { mode: 'kubeconfig', path: e.KUBECONFIG }
      : inCluster
        ? { mode: 'in-cluster' }
        : { mode: 'default' };
  const clusters = kubeClusters(e.KUBE_CLUSTERS ?? [], access, e.AUTH_STRATEGY);
  return {
    port: e.PORT,
    basePath: e.BASE_PATH,
    prometheus: {
      url: e.PROMETHEUS_URL,
      timeoutMs: e.PROMETHEUS_TIMEOUT_MS,
      connection: prometheusConnection.settings,
    },
    tracing: {
      url: e.TRACING_URL,
      connection: tracingConnection.settings,
      api: e.TRACING_API,
      timeoutMs: e.TRACING_TIMEOUT_MS,
      uiUrl: e.TRACING_UI_URL,
      serviceTemplate: e.TRACING_SERVICE_TEMPLATE,
    },
    kube: {
      access,
      timeoutMs: e.KUBE_TIMEOUT_MS,
      ...(e.KUBE_TOKEN ? { token: e.KUBE_TOKEN } : {}),
      clusters,
    },
    queryLinks: {
      prometheusUi: e.PROMETHEUS_UI_URL,
      grafana: e.GRAFANA_URL
        ? { url: e.GRAFANA_URL, datasourceUid: e.GRAFANA_DATASOURCE_UID }
        : undefined,
    },
    healthConfigPath: e.HEALTH_CONFIG,
    viewOnly: e.VIEW_ONLY,
    frameAncestors: e.FRAME_ANCESTORS ?? [],
    auth:
      e.AUTH_STRATEGY === 'token'
        ? {
            strategy: 'token',
            sessionSecret: e.SESSION_SECRET as string,
            sessionSecrets: [e.SESSION_SECRET as string, ...(e.SESSION_SECRET_PREVIOUS ?? [])],
            sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
            ...(e.SESSION_REVOCATION_CONFIGMAP
              ? { revocationConfigMap: e.SESSION_REVOCATION_CONFIGMAP }
              : {}),
          }
        : e.AUTH_STRATEGY === 'header'
          ? { strategy: 'header', proxyAddresses: e.AUTH_PROXY_ADDRESSES ?? [] }
          : { strategy: 'anonymous' },
    graphCacheSeconds: e.GRAPH_CACHE_SECONDS,
    kubeCacheSeconds: e.KUBE_CACHE_SECONDS,
    maxConcurrency: {
      prometheus: e.PROMETHEUS_MAX_CONCURRENCY,
      kubernetes: e.KUBE_MAX_CONCURRENCY,
      tracing: e.TRACING_MAX_CONCURRENCY,
    },
    allowedHosts: e.ALLOWED_HOSTS ?? [
      ...DEFAULT_ALLOWED_HOSTS,
      // In a cluster, the Service's names (POD_NAMESPACE comes from the downward API).
      ...(inCluster
        ? [
            'meshlens',
            ...(e.POD_NAMESPACE
              ? [
                  `meshlens.${e.POD_NAMESPACE}`,
                  `meshlens.${e.POD_NAMESPACE}.svc`,
                  `meshlens.${e.POD_NAMESPACE}.svc.cluster.local`,
                ]
              : []),
          ]
        : []),
    ],
  };
}

/**
 * KUBE_CLUSTERS as the access each cluster is reached by. Through a kubeconfig every cluster
 * is a context (its own name unless `=context` says otherwise). A URL or in-cluster access
 * reaches one cluster: KUBE_CLUSTERS can then only name it. Several clusters need the
 * dashboard's own credentials: a signed-in user's token is valid in one cluster only.
 */
function kubeClusters(
  entries: readonly { name: string; context?: string }[],
  access: KubeAccess,
  auth: string,
): { name: string; access: KubeAccess }[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const { name } of entries) {
    if (names.has(name)) problems.push(`KUBE_CLUSTERS: cluster ${name} is named twice`);
    names.add(name);
  }
  const byContext = access.mode === 'kubeconfig' || access.mode === 'default';
  if (!byContext && (entries.length > 1 || entries[0]?.context))
    problems.push(
      `KUBE_CLUSTERS: several clusters and contexts need a kubeconfig (KUBECONFIG or ~/.kube/config); ${access.mode === 'url' ? 'KUBE_API_URL' : 'in-cluster access'} reaches one cluster, which KUBE_CLUSTERS can only name`,
    );
  if (entries.length > 1 && auth !== 'anonymous')
    problems.push(
      `KUBE_CLUSTERS: several clusters need AUTH_STRATEGY=anonymous (got ${auth}): a signed-in user's token is valid in one cluster only`,
    );
  if (problems.length) throw new ConfigError(problems);
  return entries.map(({ name, context }) => ({
    name,
    access: byContext ? { ...access, context: context ?? name } : access,
  }));
}
