/**
 * Envoy's response flags, as Istio reports them in `response_flags`: what each means to an
 * operator. `-` is "no flags" (a normal answer), never "no response": that is
 * `response_code="0"`.
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags
 */
const MEANINGS: Readonly<Record<string, string>> = {
  '-': 'no flags (a normal answer)',
  DC: 'downstream connection terminated',
  DI: 'delayed by fault injection',
  DPE: 'downstream protocol error',
  FI: 'aborted by fault injection',
  IH: 'strictly-checked header invalid',
  LH: 'local health check failed',
  LR: 'connection local reset',
  NC: 'upstream cluster not found',
  NR: 'no route configured',
  OM: 'overload manager terminated the request',
  RL: 'rate limited locally',
  RLSE: 'rate limit service error',
  SI: 'stream idle timeout',
  UAEX: 'denied by the external authorization service',
  UC: 'upstream connection termination',
  UF: 'upstream connection failure',
  UH: 'no healthy upstream (all hosts ejected or none ready)',
  UMSDR: 'upstream request reached max stream duration',
  UO: 'upstream overflow (circuit breaking)',
  UPE: 'upstream protocol error',
  URX: 'retry or connect attempt limit reached',
  UT: 'upstream request timeout',
  URL: 'upstream rate limited',
  DF: 'DNS resolution failed',
  NFCF: 'no filter config found',
};

/** Short label for a flags value in a table: `-` reads "no flags". */
export const flagsLabel = (flags: string): string => (flags === '-' ? 'no flags' : flags);

/** What a flags value (one or several, comma-separated) means, for a tooltip. */
export function flagsMeaning(flags: string): string {
  return flags
    .split(',')
    .map((flag) => MEANINGS[flag.trim()] ?? `Envoy flag ${flag.trim()}`)
    .join('; ');
}
