import { describe, expect, it } from 'vitest';
import { PLAIN_CONNECTION } from '../upstream/connection-settings';
import { CONFIG_VARIABLES, ConfigError, parseConfig } from './env';

describe('parseConfig', () => {
  it('applies defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.basePath).toBe('');
    expect(config.prometheus).toEqual({
      url: 'http://127.0.0.1:9090',
      timeoutMs: 10_000,
      connection: PLAIN_CONNECTION,
    });
    expect(config.tracing).toEqual({
      url: undefined,
      connection: PLAIN_CONNECTION,
      api: 'auto',
      timeoutMs: 10_000,
      uiUrl: undefined,
      serviceTemplate: '{service}.{namespace}',
    });
    expect(config.kube.access).toEqual({ mode: 'default' });
    expect(config.viewOnly).toBe(true);
    expect(config.frameAncestors).toEqual([]);
    expect(config.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it('needs a session secret for token sign-in', () => {
    expect(() => parseConfig({ AUTH_STRATEGY: 'token' })).toThrowError(
      /SESSION_SECRET: required with AUTH_STRATEGY=token/,
    );
    expect(() => parseConfig({ AUTH_STRATEGY: 'token', SESSION_SECRET: 'short' })).toThrowError(
      /SESSION_SECRET: expected at least 32/,
    );
    expect(
      parseConfig({
        AUTH_STRATEGY: 'token',
        SESSION_SECRET: 'x'.repeat(32),
        SESSION_TTL_HOURS: '2',
      }).auth,
    ).toEqual({
      strategy: 'token',
      sessionSecret: 'x'.repeat(32),
      sessionSecrets: ['x'.repeat(32)],
      sessionTtlMs: 7_200_000,
    });
    // Rotation: earlier secrets still open cookies; each must be long enough.
    expect(
      parseConfig({
        AUTH_STRATEGY: 'token',
        SESSION_SECRET: 'n'.repeat(32),
        SESSION_SECRET_PREVIOUS: `${'o'.repeat(32)}, ${'p'.repeat(40)}`,
      }).auth,
    ).toMatchObject({ sessionSecrets: ['n'.repeat(32), 'o'.repeat(32), 'p'.repeat(40)] });
    expect(() =>
      parseConfig({
        AUTH_STRATEGY: 'token',
        SESSION_SECRET: 'n'.repeat(32),
        SESSION_SECRET_PREVIOUS: 'short',
      }),
    ).toThrowError(/SESSION_SECRET_PREVIOUS/);
    expect(parseConfig({}).auth).toEqual({ strategy: 'anonymous' });
    expect(
      parseConfig({
        AUTH_STRATEGY: 'token',
        SESSION_SECRET: 'n'.repeat(32),
        SESSION_REVOCATION_CONFIGMAP: 'meshlens/meshlens-sign-outs',
      }).auth,
    ).toMatchObject({ revocationConfigMap: { namespace: 'meshlens', name: 'meshlens-sign-outs' } });
    for (const bad of ['meshlens-sign-outs', 'Meshlens/x', 'a/b/c', 'ns/'])
      expect(() =>
        parseConfig({
          AUTH_STRATEGY: 'token',
          SESSION_SECRET: 'n'.repeat(32),
          SESSION_REVOCATION_CONFIGMAP: bad,
        }),
      ).toThrowError(/SESSION_REVOCATION_CONFIGMAP: expected namespace\/name/);
    expect(() => parseConfig({ AUTH_STRATEGY: 'header' })).toThrowError(
      /AUTH_PROXY_ADDRESSES: required/,
    );
    expect(
      parseConfig({ AUTH_STRATEGY: 'header', AUTH_PROXY_ADDRESSES: '10.0.0.7, ::1' }).auth,
    ).toEqual({
      strategy: 'header',
      proxyAddresses: ['10.0.0.7', '::1'],
    });
  });

  it('reads embedding and host settings, adding the in-cluster service names', () => {
    const config = parseConfig({
      FRAME_ANCESTORS: 'https://grafana.example.com, http://localhost:3001',
      VIEW_ONLY: 'false',
      KUBERNETES_SERVICE_HOST: '10.0.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      POD_NAMESPACE: 'monitoring',
    });
    expect(config.frameAncestors).toEqual(['https://grafana.example.com', 'http://localhost:3001']);
    expect(config.viewOnly).toBe(false);
    expect(config.allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'meshlens',
      'meshlens.monitoring',
      'meshlens.monitoring.svc',
      'meshlens.monitoring.svc.cluster.local',
    ]);
    expect(parseConfig({ ALLOWED_HOSTS: 'mesh.example.com, *.corp' }).allowedHosts).toEqual([
      'mesh.example.com',
      '*.corp',
    ]);
    expect(() => parseConfig({ FRAME_ANCESTORS: "'none' https://x/path" })).toThrowError(
      /FRAME_ANCESTORS: expected origins/,
    );
    expect(() => parseConfig({ ALLOWED_HOSTS: 'evil.example/x' })).toThrowError(
      /ALLOWED_HOSTS: expected host names/,
    );
  });

  it('treats empty strings as unset and trims trailing slashes from URLs', () => {
    const config = parseConfig({ PORT: '', PROMETHEUS_URL: 'http://prom:9090/', TRACING_URL: ' ' });
    expect(config.port).toBe(3000);
    expect(config.prometheus.url).toBe('http://prom:9090');
    expect(config.tracing.url).toBeUndefined();
  });

  it('chooses Kubernetes access by precedence: URL, kubeconfig, in-cluster, default', () => {
    const inCluster = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(
      parseConfig({ ...inCluster, KUBE_API_URL: 'http://127.0.0.1:1', KUBECONFIG: '/k' }).kube
        .access,
    ).toEqual({
      mode: 'url',
      url: 'http://127.0.0.1:1',
      skipTlsVerify: false,
    });
    expect(parseConfig({ ...inCluster, KUBECONFIG: '/k' }).kube.access).toEqual({
      mode: 'kubeconfig',
      path: '/k',
    });
    expect(parseConfig(inCluster).kube.access).toEqual({ mode: 'in-cluster' });
  });

  it('reads the mesh’s clusters (KUBE_CLUSTERS) as kubeconfig contexts, the first the default', () => {
    const clusters = (env: Record<string, string>) =>
      parseConfig({ KUBECONFIG: '/k', ...env }).kube.clusters;
    expect(clusters({})).toEqual([]);
    expect(clusters({ KUBE_CLUSTERS: 'east=ctx-east, west' })).toEqual([
      { name: 'east', access: { mode: 'kubeconfig', path: '/k', context: 'ctx-east' } },
      { name: 'west', access: { mode: 'kubeconfig', path: '/k', context: 'west' } },
    ]);
    // One cluster reached by URL or in-cluster can be named, nothing more.
    expect(
      parseConfig({ KUBE_API_URL: 'http://127.0.0.1:1', KUBE_CLUSTERS: 'east' }).kube.clusters,
    ).toEqual([
      { name: 'east', access: { mode: 'url', url: 'http://127.0.0.1:1', skipTlsVerify: false } },
    ]);
    expect(() =>
      parseConfig({ KUBE_API_URL: 'http://127.0.0.1:1', KUBE_CLUSTERS: 'east,west' }),
    ).toThrowError('KUBE_CLUSTERS: several clusters and contexts need a kubeconfig');
    expect(() => clusters({ KUBE_CLUSTERS: 'east,east=other' })).toThrowError(
      'KUBE_CLUSTERS: cluster east is named twice',
    );
    expect(() => clusters({ KUBE_CLUSTERS: 'east,we$t' })).toThrowError(
      'KUBE_CLUSTERS: expected cluster names as Istio reports them',
    );
    expect(() =>
      clusters({
        KUBE_CLUSTERS: 'east,west',
        AUTH_STRATEGY: 'token',
        SESSION_SECRET: 'x'.repeat(40),
      }),
    ).toThrowError('KUBE_CLUSTERS: several clusters need AUTH_STRATEGY=anonymous (got token)');
  });

  it.each([
    ['PORT', 'eighty', 'PORT: expected a TCP port number, got "eighty"'],
    ['PORT', '70000', 'PORT: expected a port from 1 to 65535, got "70000"'],
    [
      'PROMETHEUS_URL',
      'prometheus:9090',
      'PROMETHEUS_URL: expected an http(s) URL of the Prometheus server',
    ],
    [
      'TRACING_API',
      'zipkin',
      'TRACING_API: expected one of jaeger-v3, jaeger-v1, tempo, auto, got "zipkin"',
    ],
    ['BASE_PATH', 'meshlens/', 'BASE_PATH: expected empty or a path such as /meshlens'],
    ['KUBE_TIMEOUT_MS', '5', 'KUBE_TIMEOUT_MS: expected at least 100 ms, got "5"'],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrowError(message);
  });

  it('reports every bad variable at once, on one line', () => {
    try {
      parseConfig({ PORT: '0', PROMETHEUS_URL: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message, problems } = error as ConfigError;
      expect(problems).toHaveLength(2);
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^Invalid configuration: PORT: .*; PROMETHEUS_URL: /);
    }
  });
});

describe('connection settings of the metrics and tracing stores', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('reads credentials from files or the environment, tenant headers and TLS', () => {
    const config = parseConfig({
      PROMETHEUS_URL: 'https://thanos-querier.openshift-monitoring.svc:9091/',
      PROMETHEUS_BEARER_TOKEN_FILE: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      PROMETHEUS_CA_FILE: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt',
      TRACING_URL: 'http://tempo:3200',
      TRACING_BASIC_AUTH_USERNAME: 'meshlens',
      TRACING_BASIC_AUTH_PASSWORD: 'pa55',
      TRACING_HEADERS: '{"X-Scope-OrgID":"team-a"}',
      TRACING_CERT_FILE: '/tls/tls.crt',
      TRACING_KEY_FILE: '/tls/tls.key',
    });
    expect(config.prometheus.connection).toEqual({
      bearerToken: { file: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      headers: {},
      tls: {
        caFile: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt',
        insecureSkipVerify: false,
      },
    });
    expect(config.tracing.connection).toEqual({
      basicAuth: { username: 'meshlens', password: { value: 'pa55' } },
      headers: { 'X-Scope-OrgID': 'team-a' },
      tls: { certFile: '/tls/tls.crt', keyFile: '/tls/tls.key', insecureSkipVerify: false },
    });
    expect(CONFIG_VARIABLES).toContain('PROMETHEUS_BEARER_TOKEN_FILE');
    expect(CONFIG_VARIABLES).toContain('TRACING_HEADERS');
  });

  it('refuses settings that contradict each other, naming each variable', () => {
    expect(
      problems({
        PROMETHEUS_BEARER_TOKEN: 'abc',
        PROMETHEUS_BEARER_TOKEN_FILE: '/t',
        PROMETHEUS_CERT_FILE: '/c',
        TRACING_BASIC_AUTH_PASSWORD_FILE: '/p',
      }),
    ).toEqual([
      'PROMETHEUS_BEARER_TOKEN: set it or PROMETHEUS_BEARER_TOKEN_FILE, not both',
      'PROMETHEUS_KEY_FILE: a client certificate needs both PROMETHEUS_CERT_FILE and PROMETHEUS_KEY_FILE',
      'TRACING_BASIC_AUTH_USERNAME: required with a basic-auth password',
    ]);
    expect(
      problems({
        PROMETHEUS_BEARER_TOKEN: 'abc',
        PROMETHEUS_BASIC_AUTH_USERNAME: 'u',
        PROMETHEUS_BASIC_AUTH_PASSWORD: 'p',
      }),
    ).toEqual([
      'PROMETHEUS_BEARER_TOKEN: a bearer token and basic auth cannot both be sent; choose one',
    ]);
    expect(
      problems({ TRACING_BEARER_TOKEN: 'abc', TRACING_HEADERS: '{"Authorization":"Bearer x"}' }),
    ).toEqual([
      'TRACING_HEADERS: sets Authorization, which the configured credentials set already',
    ]);
    expect(problems({ TRACING_HEADERS: '{"Host":"evil"}' })).toEqual([
      'TRACING_HEADERS: Host is set by HTTP itself, not by configuration',
    ]);
  });

  it('never repeats a secret in a problem, and refuses credentials in a URL', () => {
    const secretProblems = problems({
      PROMETHEUS_BEARER_TOKEN: 'top secret token',
      TRACING_HEADERS: '{"X-Api-Key": "hunter2"',
    });
    expect(secretProblems).toEqual([
      'PROMETHEUS_BEARER_TOKEN: expected a bearer token (printable, no spaces)',
      'TRACING_HEADERS: expected a JSON object of header names to values',
    ]);
    const [url] = problems({ PROMETHEUS_URL: 'https://user:hunter2@mimir.example.com/prometheus' });
    expect(url).toMatch(/^PROMETHEUS_URL: expected a URL without credentials/);
  });
});
