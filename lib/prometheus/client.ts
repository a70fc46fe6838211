import 'server-only';
import type { ConcurrencyLimit } from '../upstream/limit';
import type { z } from 'zod';
import { UpstreamError } from '../upstream/errors';
import { fetchJson, formatZodIssues, type CallObserver } from '../upstream/fetch-json';
import { parseSampleValue } from './sample-value';
import type { QueryResult, WithWarnings } from '../promql/types';
import {
  wireBuildInfo,
  wireEnvelope,
  wireLabelValues,
  wireQueryData,
  wireRuntimeInfo,
} from './wire';

export interface PrometheusClientOptions {
  /** Base URL without trailing slash, e.g. `http://prometheus:9090`. */
  url: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  observe?: CallObserver;
  /** Bound on calls in flight (shared by every client of this backend). */
  limit?: ConcurrencyLimit;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface RangeOptions extends CallOptions {
  startSec: number;
  endSec: number;
  stepSec: number;
}

/** Longest GET URL we send; longer queries go as a form-encoded POST (Prometheus ≥ 2.1). */
const MAX_GET_URL_LENGTH = 4000;

/** Typed Prometheus HTTP API client: one method per endpoint we use. */
export interface PrometheusClient {
  readonly url: string;
  instantQuery(
    query: string,
    options?: CallOptions & { timeSec?: number },
  ): Promise<WithWarnings<QueryResult>>;
  rangeQuery(query: string, options: RangeOptions): Promise<WithWarnings<QueryResult>>;
  /** A label's values, among series matching `match` within `startSec`..`endSec` when given. */
  labelValues(
    label: string,
    options?: CallOptions & { match?: string[]; startSec?: number; endSec?: number },
  ): Promise<string[]>;
  /** The server's version; undefined from stores that do not say (VictoriaMetrics). */
  buildInfo(options?: CallOptions): Promise<{ version: string | undefined }>;
  /**
   * Prometheus' storage retention text, e.g. `15d` or `15d or 512MiB`; undefined from stores
   * without the endpoint (VictoriaMetrics, Thanos Query, Mimir).
   */
  runtimeInfo(options?: CallOptions): Promise<{ storageRetention: string | undefined }>;
}

/** Creates a client for the Prometheus HTTP API at `options.url`. */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');

  async function call<T>(
    path: string,
    params: URLSearchParams,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ): Promise<WithWarnings<T>> {
    const getUrl = `${base}${path}?${params.toString()}`;
    const usePost = getUrl.length > MAX_GET_URL_LENGTH;
    const url = usePost ? `${base}${path}` : getUrl;
    const init: RequestInit = usePost
      ? {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: params.toString(),
        }
      : { headers: { accept: 'application/json' } };

    const envelope = await fetchJson({
      upstream: 'prometheus',
      url,
      init,
      timeoutMs: options.timeoutMs,
      signal,
      fetchImpl: options.fetchImpl,
      observe: options.observe,
      limit: options.limit,
      parse: (body, status) => {
        const parsed = wireEnvelope.safeParse(body);
        if (!parsed.success) {
          throw new UpstreamError(
            status >= 400
              ? `HTTP ${status} from ${path}`
              : `unexpected response from ${path}: ${formatZodIssues(parsed.error)}`,
            {
              upstream: 'prometheus',
              kind: status >= 400 ? 'http' : 'invalid-response',
              url,
              status,
            },
          );
        }
        if (parsed.data.status === 'error') {
          throw new UpstreamError(`${parsed.data.errorType}: ${parsed.data.error}`, {
            upstream: 'prometheus',
            kind: 'api',
            url,
            status,
            reason: parsed.data.errorType,
          });
        }
        return parsed.data;
      },
    });

    const data = schema.safeParse(envelope.data);
    if (!data.success) {
      throw new UpstreamError(`unexpected data from ${path}: ${formatZodIssues(data.error)}`, {
        upstream: 'prometheus',
        kind: 'invalid-response',
        url,
      });
    }
    return { data: data.data, warnings: envelope.warnings ?? [] };
  }

  async function query(
    path: string,
    params: URLSearchParams,
    signal: AbortSignal | undefined,
  ): Promise<WithWarnings<QueryResult>> {
    const { data, warnings } = await call(path, params, wireQueryData, signal);
    return { data: toQueryResult(data, `${base}${path}`), warnings };
  }

  return {
    url: base,
    instantQuery: (promql, { signal, timeSec } = {}) => {
      const params = new URLSearchParams({ query: promql });
      if (timeSec !== undefined) params.set('time', String(timeSec));
      return query('/api/v1/query', params, signal);
    },
    rangeQuery: (promql, { signal, startSec, endSec, stepSec }) => {
      if (!(stepSec > 0) || endSec < startSec) {
        throw new RangeError(`invalid range query window ${startSec}..${endSec} step ${stepSec}`);
      }
      const params = new URLSearchParams({
        query: promql,
        start: String(startSec),
        end: String(endSec),
        step: String(stepSec),
      });
      return query('/api/v1/query_range', params, signal);
    },
    labelValues: (label, { signal, match = [], startSec, endSec } = {}) => {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) {
        throw new RangeError(`invalid Prometheus label name: ${JSON.stringify(label)}`);
      }
      const params = new URLSearchParams();
      for (const m of match) params.append('match[]', m);
      if (startSec !== undefined) params.set('start', String(startSec));
      if (endSec !== undefined) params.set('end', String(endSec));
      return call(`/api/v1/label/${label}/values`, params, wireLabelValues, signal).then(
        (result) => result.data,
      );
    },
    buildInfo: async ({ signal } = {}) => {
      const info = await call(
        '/api/v1/status/buildinfo',
        new URLSearchParams(),
        wireBuildInfo,
        signal,
      );
      return { version: info.data.version };
    },
    runtimeInfo: async ({ signal } = {}) => {
      try {
        const info = await call(
          '/api/v1/status/runtimeinfo',
          new URLSearchParams(),
          wireRuntimeInfo,
          signal,
        );
        return { storageRetention: info.data.storageRetention };
      } catch (error) {
        if (error instanceof UpstreamError && isNotOffered(error))
          return { storageRetention: undefined };
        throw error;
      }
    },
  };
}

/**
 * An endpoint the store does not have: VictoriaMetrics answers 400 "unsupported path" in
 * plain text, Thanos and Mimir 404.
 */
const isNotOffered = (error: UpstreamError): boolean =>
  error.status === 400 || error.status === 404 || error.status === 405 || error.status === 501;

/** Maps wire data to {@link QueryResult}, converting every sample string to a number. */
function toQueryResult(data: z.infer<typeof wireQueryData>, url: string): QueryResult {
  const num = (text: string): number => {
    const value = parseSampleValue(text);
    if (value === undefined) {
      throw new UpstreamError(`sample value ${JSON.stringify(text)} is not a number`, {
        upstream: 'prometheus',
        kind: 'invalid-response',
        url,
      });
    }
    return value;
  };
  switch (data.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        samples: data.result.map(({ metric, value: [ts, text] }) => ({
          labels: metric,
          timestampSec: ts,
          value: num(text),
        })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        series: data.result.map(({ metric, values }) => ({
          labels: metric,
          points: values.map(([ts, text]) => ({ timestampSec: ts, value: num(text) })),
        })),
      };
    case 'scalar':
      return { resultType: 'scalar', timestampSec: data.result[0], value: num(data.result[1]) };
    case 'string':
      return { resultType: 'string', timestampSec: data.result[0], value: data.result[1] };
  }
}
