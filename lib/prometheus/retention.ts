import { parseDuration, PROMETHEUS_DURATION } from '../duration';

/**
 * Seconds of Prometheus' time retention as `runtimeinfo` reports it: a Prometheus duration
 * (`15d`, `10y`, `1y2w`), possibly with a size limit (`15d or 512MiB`). Undefined when only a
 * size limit is set or the text is not understood.
 */
export function parseRetentionSeconds(text: string | undefined): number | undefined {
  for (const part of (text ?? '').split(/\s+or\s+/)) {
    const seconds = parseDuration(part.trim(), PROMETHEUS_DURATION, 's');
    if (seconds !== undefined) return seconds > 0 ? seconds : undefined;
  }
  return undefined;
}
