/**
 * Kiali's real Istio trace (test/fixtures/kiali/responseTrace.json, OTLP as Tempo answers it)
 * in our trace model: gateway → productpage-v1 → details-v1, reviews-v2 → ratings-v1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../../traces/model';
import { mapOtlpTraces, otlpTracesSchema } from '../wire-otlp';

export function kialiTrace(): Trace {
  const raw: unknown = JSON.parse(
    readFileSync(join(__dirname, '../../../test/fixtures/kiali/responseTrace.json'), 'utf8'),
  );
  const [trace] = mapOtlpTraces(otlpTracesSchema.parse(raw));
  if (!trace) throw new Error('responseTrace.json holds no trace');
  return trace;
}
