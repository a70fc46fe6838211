const UNIT_SECONDS: Record<string, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
};

/**
 * Seconds of Prometheus' time retention as `runtimeinfo` reports it: a Prometheus duration
 * (`15d`, `10y`, `1y2w`), possibly with a size limit (`15d or 512MiB`). Undefined when only a
 * size limit is set or the text is not understood.
 */
export function parseRetentionSeconds(text: string | undefined): number | undefined {
  const duration = (text ?? '')
    .split(/\s+or\s+/)
    .map((part) => part.trim())
    .find((part) => /^(\d+(y|w|d|h|m|s))+$/.test(part));
  if (!duration) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(y|w|d|h|m|s)/g)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
  }
  return seconds > 0 ? seconds : undefined;
}
