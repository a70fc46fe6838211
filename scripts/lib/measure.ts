/** Small measuring helpers shared by the benchmarks and the soak. */

/** The `p`th percentile of values sorted ascending; NaN when there are none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * One metric of a running dashboard's own `/api/metrics`, summed over its series (only those
 * whose line contains `match`, when given).
 */
export async function dashboardMetric(base: string, name: string, match = ''): Promise<number> {
  const text = await (await fetch(`${base}/api/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(match))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** A metric in bytes, as whole MiB. */
export const dashboardMb = async (base: string, name: string): Promise<number> =>
  Math.round((await dashboardMetric(base, name)) / 1048576);

/** Mesh sizes from a comma-separated setting (`BENCH_SCALE=100,1000`): whole, 1 to `max`. */
export const sizesFrom = (setting: string, max: number): number[] =>
  setting
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n <= max);

/** The median of values in any order. */
export const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Bytes as megabytes, two decimals. */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

/** How long `work` took, ms, and what it gave. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * One PromQL instant query sent straight to Prometheus at `time` (what the dashboard's own
 * queries cost without it): the answer's length in characters.
 */
export async function promQuery(url: string, query: string, time: number): Promise<number> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query, time: String(time) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Prometheus ${response.status}: ${text.slice(0, 200)}`);
  return text.length;
}
