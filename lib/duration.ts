/**
 * Durations as Meshlens meets them: graph windows (`5m`), Prometheus' retention (`15d`,
 * `1y2w`), Istio and Go durations (`1.5s`, `1m30s`, `250ms`) and Jaeger's search bounds
 * (`100ms`). One parser, told which syntax it reads; each caller states its own.
 */

/** Nanoseconds per unit: integers, so the ratio of any two is exact one way round. */
const NS_PER = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86_400e9,
  w: 604_800e9,
  y: 31_536_000e9,
} as const;

export type DurationUnit = keyof typeof NS_PER;

export interface DurationSyntax {
  /** The units allowed. */
  units: readonly DurationUnit[];
  /** Several amounts in a row (`1m30s`), as Go and Prometheus write them. */
  compound: boolean;
  /** Decimal amounts (`1.5s`), as Go writes them. */
  fractions: boolean;
}

const patterns = new Map<string, { whole: RegExp; part: RegExp }>();

function patternOf(syntax: DurationSyntax): { whole: RegExp; part: RegExp } {
  const key = `${syntax.units.join(',')}|${syntax.compound}|${syntax.fractions}`;
  let found = patterns.get(key);
  if (!found) {
    // Longest first, so `ms` is never read as `m` followed by garbage.
    const units = [...syntax.units].sort((a, b) => b.length - a.length).join('|');
    const amount = syntax.fractions ? '\\d+(?:\\.\\d+)?' : '\\d+';
    const part = `(${amount})(${units})`;
    found = {
      whole: new RegExp(syntax.compound ? `^(?:${part})+$` : `^${part}$`),
      part: new RegExp(part, 'g'),
    };
    patterns.set(key, found);
  }
  return found;
}

/**
 * A duration written in `syntax`, in `unit`s (1.5s in `ms` is 1500); undefined when the text
 * is not such a duration.
 */
export function parseDuration(
  text: string,
  syntax: DurationSyntax,
  unit: DurationUnit,
): number | undefined {
  const { whole, part } = patternOf(syntax);
  if (!whole.test(text)) return undefined;
  const to = NS_PER[unit];
  let total = 0;
  for (const [, amount, name] of text.matchAll(part)) {
    // By the ratio of the two units (an exact integer one way or the other), never through
    // nanoseconds: a year of them is past 2^53.
    const from = NS_PER[name as DurationUnit];
    total += from >= to ? Number(amount) * (from / to) : Number(amount) / (to / from);
  }
  return total;
}

/** Go's `time.ParseDuration` (and Istio's durations) without a sign. */
export const GO_DURATION: DurationSyntax = {
  units: ['h', 'm', 's', 'ms', 'us', 'µs', 'ns'],
  compound: true,
  fractions: true,
};

/** Prometheus' durations (`15d`, `1y2w`), as its flags and runtime info write them. */
export const PROMETHEUS_DURATION: DurationSyntax = {
  units: ['y', 'w', 'd', 'h', 'm', 's', 'ms'],
  compound: true,
  fractions: false,
};
