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
