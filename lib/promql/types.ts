/** Our own Prometheus result types: numbers are numbers, times are unix seconds. */

export type Labels = Readonly<Record<string, string>>;

/** One instant-vector element. `value` may be NaN or ±Infinity (Prometheus allows both). */
export interface VectorSample {
  labels: Labels;
  timestampSec: number;
  value: number;
}

/** One range-vector series. */
export interface MatrixSeries {
  labels: Labels;
  points: { timestampSec: number; value: number }[];
}

export type QueryResult =
  | { resultType: 'vector'; samples: VectorSample[] }
  | { resultType: 'matrix'; series: MatrixSeries[] }
  | { resultType: 'scalar'; timestampSec: number; value: number }
  | { resultType: 'string'; timestampSec: number; value: string };

/** A result with the warnings Prometheus attached to it (e.g. a too-wide range). */
export interface WithWarnings<T> {
  data: T;
  warnings: string[];
}
