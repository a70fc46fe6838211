import 'server-only';
import type { ConcurrencyLimit } from '../upstream/limit';
import type { z } from 'zod';
import type { Trace, TraceQuery, TraceSummary } from '../traces/model';
import { TRACE_ID_PATTERN, wireTraceId } from '../traces/ids';
import { traceqlFor, traceqlString } from '../traces/traceql';
import { summariseTrace } from '../traces/tree';
import { jaegerV1ServicesSchema, jaegerV1TracesSchema, mapJaegerV1Trace } from './wire-jaeger-v1';
import {
  jaegerV3ErrorSchema,
  jaegerV3OperationsSchema,
  jaegerV3ServicesSchema,
  jaegerV3SummariesSchema,
  jaegerV3TracesSchema,
  mapJaegerV3Summaries,
} from './wire-jaeger-v3';
import { mapOtlpTraces, otlpTracesSchema } from './wire-otlp';
import {
  mapTempoSearch,
  tempoSearchSchema,
  tempoTagValuesSchema,
  tempoTagValuesV2Schema,
  tempoBuildInfoSchema,
} from './wire-tempo';
import { UpstreamError, isUpstreamError } from '../upstream/errors';
import { fetchJson, formatZodIssues, type CallObserver } from '../upstream/fetch-json';

/** The tracing query APIs we speak. */
export type TracingApi = 'jaeger-v3' | 'jaeger-v1' | 'tempo';

export const TRACING_API_LABEL: Record<TracingApi, string> = {
  'jaeger-v3': 'Jaeger (api_v3)',
  'jaeger-v1': 'Jaeger (v1 API)',
  tempo: 'Tempo',
};

export interface CallOptions {
  signal?: AbortSignal;
}

/** One client for every tracing backend; results are always in our own trace model. */
export interface TracingClient {
  readonly url: string;
  /** The API in use; with `auto`, the one that answered the probe. */
  api(options?: CallOptions): Promise<TracingApi>;
  /** Asks the backend now (never a cached answer) whether it still speaks its API. */
  check(options?: CallOptions): Promise<TracingApi>;
  services(options?: CallOptions): Promise<string[]>;
  /** Operation (span) names of a service, sorted. */
  operations(service: string, options?: CallOptions): Promise<string[]>;
  /** Summaries of the traces matching a query, newest first. */
  searchTraces(query: TraceQuery, options?: CallOptions): Promise<TraceSummary[]>;
  /** Whole traces matching a query (for filters the backend cannot apply, such as a pod). */
  findTraces(query: TraceQuery, options?: CallOptions): Promise<Trace[]>;
  /** One trace, or undefined when the backend does not have it. */
  getTrace(traceId: string, options?: CallOptions): Promise<Trace | undefined>;
}

export interface TracingClientOptions {
  url: string;
  api: TracingApi | 'auto';
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  observe?: CallObserver;
  /** Bound on calls in flight. */
  limit?: ConcurrencyLimit;
}

/** Marks a 404 that means "nothing there" rather than a failure. */
const NOT_FOUND = Symbol('not found');

interface Adapter {
  services(signal?: AbortSignal): Promise<string[]>;
  operations(service: string, signal?: AbortSignal): Promise<string[]>;
  search(query: TraceQuery, signal?: AbortSignal): Promise<TraceSummary[]>;
  find(query: TraceQuery, signal?: AbortSignal): Promise<Trace[]>;
  get(traceId: string, signal?: AbortSignal): Promise<Trace | undefined>;
}

/** RFC 3339 with microseconds, as api_v3 parses (`time.RFC3339Nano`). */
export function rfc3339FromUs(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const micros = String(us - seconds * 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${micros}Z`;
}

const byNewest = <T extends { startUs: number }>(list: T[]): T[] =>
  list.sort((a, b) => b.startUs - a.startUs);

/** Creates the client; with `api: 'auto'` the first call probes api_v3, then v1, then Tempo. */
export function createTracingClient(options: TracingClientOptions): TracingClient {
  const base = options.url.replace(/\/+$/, '');

  /** GET `path` with `params`; a 404 answers NOT_FOUND when `notFoundOk`. */
  async function get<T>(
    path: string,
    params: Record<string, string | undefined>,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
    notFoundOk = false,
  ): Promise<T | typeof NOT_FOUND> {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    try {
      return await fetchJson({
        upstream: 'tracing',
        url: url.toString(),
        init: { headers: { accept: 'application/json' } },
        timeoutMs: options.timeoutMs,
        signal,
        fetchImpl: options.fetchImpl,
        observe: options.observe,
        limit: options.limit,
        parse: (body, status) => {
          if (status === 404 && notFoundOk) return NOT_FOUND;
          if (status >= 400) {
            const v3 = jaegerV3ErrorSchema.safeParse(body);
            const v1 = jaegerV1ServicesSchema.safeParse(body);
            const message = v3.success
              ? v3.data.error.message
              : v1.success
                ? v1.data.errors?.[0]?.msg
                : undefined;
            throw new UpstreamError(`HTTP ${status} from ${path}${message ? `: ${message}` : ''}`, {
              upstream: 'tracing',
              kind: 'http',
              url: url.origin + path,
              status,
            });
          }
          const parsed = schema.safeParse(body);
          if (!parsed.success) {
            throw new UpstreamError(
              `unexpected answer from ${path}: ${formatZodIssues(parsed.error)}`,
              {
                upstream: 'tracing',
                kind: 'invalid-response',
                url: url.origin + path,
                status,
              },
            );
          }
          return parsed.data;
        },
      });
    } catch (error) {
      // Tempo answers a missing trace with a plain-text 404.
      if (notFoundOk && isUpstreamError(error) && error.status === 404) return NOT_FOUND;
      throw error;
    }
  }

  const durationParam = (us: number | undefined) => (us === undefined ? undefined : `${us}us`);
  const tagsWithErrors = (query: TraceQuery): Record<string, string> | undefined => {
    const tags = { ...query.tags, ...(query.errorsOnly ? { error: 'true' } : {}) };
    return Object.keys(tags).length ? tags : undefined;
  };

  const jaegerV3: Adapter = {
    services: async (signal) => {
      const body = await get('/api/v3/services', {}, jaegerV3ServicesSchema, signal);
      return body === NOT_FOUND ? [] : body.services;
    },
    operations: async (service, signal) => {
      const body = await get('/api/v3/operations', { service }, jaegerV3OperationsSchema, signal);
      return body === NOT_FOUND ? [] : body.operations.map((o) => o.name);
    },
    search: async (query, signal) => {
      const body = await get(
        '/api/v3/trace-summaries',
        v3Params(query),
        jaegerV3SummariesSchema,
        signal,
        true,
      );
      // api_v3 answers a search without hits with 404 "No traces found".
      return body === NOT_FOUND ? [] : byNewest(mapJaegerV3Summaries(body));
    },
    find: async (query, signal) => {
      const body = await get('/api/v3/traces', v3Params(query), jaegerV3TracesSchema, signal, true);
      return body === NOT_FOUND ? [] : mapOtlpTraces(body.result);
    },
    get: async (traceId, signal) => {
      const body = await get(`/api/v3/traces/${traceId}`, {}, jaegerV3TracesSchema, signal, true);
      return body === NOT_FOUND ? undefined : mapOtlpTraces(body.result)[0];
    },
  };

  function v3Params(query: TraceQuery): Record<string, string | undefined> {
    const tags = tagsWithErrors(query);
    return {
      'query.serviceName': query.service,
      'query.startTimeMin': rfc3339FromUs(query.startUs),
      'query.startTimeMax': rfc3339FromUs(query.endUs),
      'query.durationMin': durationParam(query.minDurationUs),
      'query.durationMax': durationParam(query.maxDurationUs),
      'query.searchDepth': String(query.limit),
      'query.attributes': tags && JSON.stringify(tags),
    };
  }

  const jaegerV1Find = async (query: TraceQuery, signal?: AbortSignal): Promise<Trace[]> => {
    const tags = tagsWithErrors(query);
    const body = await get(
      '/api/traces',
      {
        service: query.service,
        start: String(Math.floor(query.startUs)),
        end: String(Math.ceil(query.endUs)),
        limit: String(query.limit),
        minDuration: durationParam(query.minDurationUs),
        maxDuration: durationParam(query.maxDurationUs),
        tags: tags && JSON.stringify(tags),
      },
      jaegerV1TracesSchema,
      signal,
      true,
    );
    return body === NOT_FOUND ? [] : (body.data ?? []).map(mapJaegerV1Trace);
  };

  const jaegerV1: Adapter = {
    services: async (signal) => {
      const body = await get('/api/services', {}, jaegerV1ServicesSchema, signal);
      return body === NOT_FOUND ? [] : (body.data ?? []);
    },
    operations: async (service, signal) => {
      const body = await get(
        `/api/services/${encodeURIComponent(service)}/operations`,
        {},
        jaegerV1ServicesSchema,
        signal,
      );
      return body === NOT_FOUND ? [] : (body.data ?? []);
    },
    // v1 has no summary endpoint: searches return whole traces.
    search: async (query, signal) =>
      byNewest((await jaegerV1Find(query, signal)).map(summariseTrace)),
    find: jaegerV1Find,
    get: async (traceId, signal) => {
      const body = await get(
        `/api/traces/${wireTraceId(traceId)}`,
        {},
        jaegerV1TracesSchema,
        signal,
        true,
      );
      const wire = body === NOT_FOUND ? undefined : body.data?.[0];
      return wire ? mapJaegerV1Trace(wire) : undefined;
    },
  };

  const tempoGet = async (traceId: string, signal?: AbortSignal): Promise<Trace | undefined> => {
    const body = await get(`/api/traces/${traceId}`, {}, otlpTracesSchema, signal, true);
    return body === NOT_FOUND ? undefined : mapOtlpTraces(body)[0];
  };
  const tempoSearch = async (query: TraceQuery, signal?: AbortSignal): Promise<TraceSummary[]> => {
    const body = await get(
      '/api/search',
      {
        q: traceqlFor(query),
        start: String(Math.floor(query.startUs / 1e6)),
        end: String(Math.ceil(query.endUs / 1e6)),
        limit: String(query.limit),
      },
      tempoSearchSchema,
      signal,
    );
    return body === NOT_FOUND ? [] : byNewest(mapTempoSearch(body));
  };
  const tempo: Adapter = {
    services: async (signal) => {
      const body = await get(
        '/api/search/tag/service.name/values',
        {},
        tempoTagValuesSchema,
        signal,
      );
      return body === NOT_FOUND ? [] : body.tagValues;
    },
    // Span names of one service: TraceQL-scoped tag values (Tempo ≥ 2.2).
    operations: async (service, signal) => {
      const body = await get(
        '/api/v2/search/tag/name/values',
        { q: `{ resource.service.name = ${traceqlString(service)} }` },
        tempoTagValuesV2Schema,
        signal,
      );
      return body === NOT_FOUND ? [] : body.tagValues.map((v) => v.value);
    },
    search: tempoSearch,
    // Tempo's search returns only matching spans: fetch each trace whole, four at a time.
    find: async (query, signal) => {
      const summaries = await tempoSearch(query, signal);
      const traces: Trace[] = [];
      for (let i = 0; i < summaries.length; i += 4) {
        const batch = await Promise.all(
          summaries.slice(i, i + 4).map((s) => tempoGet(s.traceId, signal)),
        );
        traces.push(...batch.filter((t): t is Trace => t !== undefined));
      }
      return traces;
    },
    get: tempoGet,
  };

  const adapters: Record<TracingApi, Adapter> = {
    'jaeger-v3': jaegerV3,
    'jaeger-v1': jaegerV1,
    tempo,
  };

  let detected: Promise<TracingApi> | undefined;
  const detect = async (signal?: AbortSignal): Promise<TracingApi> => {
    if (options.api !== 'auto') return options.api;
    detected ??= probe(signal).catch((error: unknown) => {
      detected = undefined; // try again next time
      throw error;
    });
    return detected;
  };
  /**
   * Whether the backend speaks `api`: a well-formed answer of that API, never just any JSON
   * (a server answering `{"traces":null}` everywhere is no Tempo). Tempo is told by its build
   * info, which Jaeger does not serve.
   */
  const speaks = async (api: TracingApi, signal?: AbortSignal): Promise<void> => {
    if (api === 'tempo') await get('/api/status/buildinfo', {}, tempoBuildInfoSchema, signal);
    await adapters[api].services(signal);
  };
  async function probe(signal?: AbortSignal): Promise<TracingApi> {
    const failures: string[] = [];
    for (const api of ['jaeger-v3', 'jaeger-v1', 'tempo'] as const) {
      try {
        await speaks(api, signal);
        return api;
      } catch (error) {
        if (
          isUpstreamError(error) &&
          (error.kind === 'unreachable' || error.kind === 'timeout' || error.kind === 'aborted')
        )
          throw error;
        failures.push(
          `${TRACING_API_LABEL[api]}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    throw new UpstreamError(
      `no Jaeger api_v3, Jaeger v1 or Tempo query API answered at ${base} (${failures.join('; ')})`,
      {
        upstream: 'tracing',
        kind: 'invalid-response',
        url: base,
      },
    );
  }
  const adapter = async (signal?: AbortSignal) => adapters[await detect(signal)];

  return {
    url: base,
    api: ({ signal } = {}) => detect(signal),
    check: async ({ signal } = {}) => {
      const api = await detect(signal);
      await speaks(api, signal);
      return api;
    },
    services: async ({ signal } = {}) => (await adapter(signal)).services(signal),
    operations: async (service, { signal } = {}) => {
      const names = await (await adapter(signal)).operations(service, signal);
      return [...new Set(names)].sort();
    },
    searchTraces: async (query, { signal } = {}) => (await adapter(signal)).search(query, signal),
    findTraces: async (query, { signal } = {}) => (await adapter(signal)).find(query, signal),
    getTrace: async (traceId, { signal } = {}) => {
      if (!TRACE_ID_PATTERN.test(traceId))
        throw new RangeError(`invalid trace id ${JSON.stringify(traceId)}`);
      return (await adapter(signal)).get(traceId.toLowerCase().padStart(32, '0'), signal);
    },
  };
}
