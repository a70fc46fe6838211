/**
 * The demo's tracing query service: the Jaeger api_v3 HTTP gateway (`/api/v3/…`) and the
 * Jaeger v1 JSON API (`/api/…`) over the recorded traces, with Jaeger's paths, JSON shapes and
 * status codes (400 for bad parameters, 404 "No traces found" / "trace not found").
 */
import { GO_DURATION, parseDuration } from '../../duration';
import type { TraceRecorder, DemoTraceSearch } from './recorder';
import { toJaegerV1Trace, toJaegerV3Summary, toOtlp } from './wire';

export interface TracingRequest {
  method: string;
  url: string;
}

export interface TracingResponse {
  status: number;
  body: unknown;
}

class BadParameter extends Error {}

/** Go's `time.ParseDuration` for the units Jaeger accepts, in µs. */
export const parseGoDurationUs = (text: string): number | undefined =>
  parseDuration(text, GO_DURATION, 'us');

const v3Error = (status: number, message: string): TracingResponse => ({
  status,
  body: { error: { httpCode: status, message } },
});
const v1Body = (data: unknown, errors?: { code: number; msg: string }[]): unknown => ({
  data: errors ? null : data,
  total: Array.isArray(data) ? data.length : 0,
  limit: 0,
  offset: 0,
  errors: errors ?? null,
});
const v1Error = (status: number, msg: string): TracingResponse => ({
  status,
  body: v1Body(null, [{ code: status, msg }]),
});

function tagsParam(raw: string | null, name: string): Record<string, string> | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadParameter(`malformed '${name}' parameter: expected a JSON object`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadParameter(`malformed '${name}' parameter: expected a JSON object`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

function durationParam(raw: string | null, name: string): number | undefined {
  if (!raw) return undefined;
  const us = parseGoDurationUs(raw);
  if (us === undefined) throw new BadParameter(`cannot parse ${name} [${raw}]: invalid duration`);
  return us;
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw))
    throw new BadParameter(`malformed ${name} [${raw}]: expected a whole number`);
  return Number(raw);
}

const TRACE_ID = /^[0-9a-f]{1,32}$/i;

/** Handles one request to the demo's tracing API. `nowMs` is the current time. */
export function handleTracingRequest(
  recorder: TraceRecorder,
  request: TracingRequest,
  nowMs: number,
): TracingResponse {
  const url = new URL(request.url, 'http://demo');
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  if (request.method !== 'GET') return v3Error(405, `method ${request.method} not allowed`);
  try {
    // Jaeger api_v3 HTTP gateway.
    if (path === '/api/v3/services') return { status: 200, body: { services: recorder.services } };
    if (path === '/api/v3/operations') {
      const service = q.get('service') ?? '';
      if (!service) return v3Error(400, 'service is required');
      return { status: 200, body: { operations: recorder.operations(service) } };
    }
    if (path === '/api/v3/trace-summaries' || path === '/api/v3/traces') {
      const traces = recorder.search(v3Search(q));
      if (traces.length === 0) return v3Error(404, 'No traces found');
      return path === '/api/v3/traces'
        ? { status: 200, body: { result: toOtlp(traces) } }
        : { status: 200, body: { summaries: traces.map(toJaegerV3Summary) } };
    }
    const v3Trace = /^\/api\/v3\/traces\/([^/]+)$/.exec(path);
    if (v3Trace) {
      const id = decodeURIComponent(v3Trace[1] as string);
      if (!TRACE_ID.test(id)) return v3Error(400, `malformed parameter trace_id [${id}]`);
      const spans = recorder.get(id.toLowerCase().padStart(32, '0'));
      return spans
        ? { status: 200, body: { result: toOtlp([spans]) } }
        : v3Error(404, 'trace not found');
    }

    // Jaeger v1 JSON API.
    if (path === '/api/services') return { status: 200, body: v1Body(recorder.services) };
    const operations = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
    if (operations) {
      const names = recorder
        .operations(decodeURIComponent(operations[1] as string))
        .map((o) => o.name);
      return { status: 200, body: v1Body([...new Set(names)]) };
    }
    if (path === '/api/traces') {
      const service = q.get('service');
      if (!service) return v1Error(400, "parameter 'service' is required");
      const endUs = positiveInt(q.get('end'), 'end', nowMs * 1000);
      const traces = recorder.search({
        service,
        operation: q.get('operation') ?? undefined,
        startUs: positiveInt(q.get('start'), 'start', endUs - 3600e6),
        endUs,
        minDurationUs: durationParam(q.get('minDuration'), 'minDuration'),
        maxDurationUs: durationParam(q.get('maxDuration'), 'maxDuration'),
        tags: tagsParam(q.get('tags'), 'tags'),
        limit: positiveInt(q.get('limit'), 'limit', 20),
      });
      return { status: 200, body: v1Body(traces.map(toJaegerV1Trace)) };
    }
    const v1Trace = /^\/api\/traces\/([^/]+)$/.exec(path);
    if (v1Trace) {
      const id = decodeURIComponent(v1Trace[1] as string);
      if (!TRACE_ID.test(id)) return v1Error(400, `cannot parse traceID param: ${id}`);
      const spans = recorder.get(id.toLowerCase().padStart(32, '0'));
      return spans
        ? { status: 200, body: v1Body([toJaegerV1Trace(spans)]) }
        : v1Error(404, 'trace not found');
    }
    return path.startsWith('/api/v3/')
      ? v3Error(404, `no route for ${path}`)
      : v1Error(404, `no route for ${path}`);
  } catch (error) {
    if (error instanceof BadParameter)
      return path.startsWith('/api/v3/')
        ? v3Error(400, error.message)
        : v1Error(400, error.message);
    throw error;
  }
}

/** api_v3's `TraceQueryParameters`, camelCase with the deprecated snake_case aliases. */
function v3Search(q: URLSearchParams): DemoTraceSearch {
  const param = (camel: string, snake: string) => q.get(camel) ?? q.get(snake);
  const service = param('query.serviceName', 'query.service_name');
  if (!service) throw new BadParameter('query.serviceName is required');
  const time = (camel: string, snake: string): number => {
    const raw = param(camel, snake);
    if (!raw) throw new BadParameter(`${camel} is required`);
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(
      raw,
    );
    const ms = match ? Date.parse(`${match[1]}${match[3]}`) : NaN;
    if (!match || Number.isNaN(ms))
      throw new BadParameter(`cannot parse ${camel} [${raw}]: expected RFC 3339`);
    return ms * 1000 + Number((match[2] ?? '').padEnd(6, '0').slice(0, 6));
  };
  const startUs = time('query.startTimeMin', 'query.start_time_min');
  const endUs = time('query.startTimeMax', 'query.start_time_max');
  if (startUs >= endUs)
    throw new BadParameter('query.startTimeMin must be before query.startTimeMax');
  return {
    service,
    operation: param('query.operationName', 'query.operation_name') ?? undefined,
    startUs,
    endUs,
    minDurationUs: durationParam(
      param('query.durationMin', 'query.duration_min'),
      'query.durationMin',
    ),
    maxDurationUs: durationParam(
      param('query.durationMax', 'query.duration_max'),
      'query.durationMax',
    ),
    tags: tagsParam(q.get('query.attributes'), 'query.attributes'),
    limit: positiveInt(param('query.searchDepth', 'query.search_depth'), 'query.searchDepth', 20),
  };
}
