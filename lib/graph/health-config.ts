import { z } from 'zod';
import { DEFAULT_TOLERANCES, type Tolerance, type Tolerances } from './health';

const percent = z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100');
const toleranceSchema = z.object({ degraded: percent, failure: percent }).partial();

const regex = z.string().refine(
  (text) => {
    try {
      new RegExp(`^(?:${text})$`);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a valid regular expression' },
);

/**
 * The health configuration file (`HEALTH_CONFIG`): rules tried in order, the first whose
 * namespace, kind and name patterns (anchored regular expressions) all match sets the
 * tolerances; thresholds it leaves out keep Kiali's defaults.
 *
 *   { "rules": [ { "namespace": "batch-.*", "kind": "workload", "name": ".*",
 *                  "tolerances": { "http5xx": { "degraded": 5, "failure": 20 } } } ] }
 */
export const healthConfigSchema = z.object({
  rules: z.array(
    z.object({
      namespace: regex.default('.*'),
      kind: regex.default('.*'),
      name: regex.default('.*'),
      tolerances: z.object({
        http5xx: toleranceSchema.optional(),
        http4xx: toleranceSchema.optional(),
        grpcError: toleranceSchema.optional(),
        noResponse: toleranceSchema.optional(),
        /** p95 response time, ms: e.g. `{ "degraded": 1000, "failure": 5000 }`. */
        p95Ms: z
          .object({
            degraded: z.number().positive('must be above 0 ms'),
            failure: z.number().positive('must be above 0 ms'),
          })
          .partial()
          .optional(),
      }),
    }),
  ),
});

export type HealthConfig = z.infer<typeof healthConfigSchema>;

/** What a health rule is matched against. */
export interface HealthTarget {
  namespace: string;
  kind: string;
  name: string;
}

const merge = (base: Tolerance, override: Partial<Tolerance> | undefined): Tolerance => ({
  ...base,
  ...override,
});

/** Compiles the rules into a lookup; with no rule matching, Kiali's defaults apply. */
export function compileHealthRules(config: HealthConfig): (target: HealthTarget) => Tolerances {
  const rules = config.rules.map((rule) => ({
    namespace: new RegExp(`^(?:${rule.namespace})$`),
    kind: new RegExp(`^(?:${rule.kind})$`),
    name: new RegExp(`^(?:${rule.name})$`),
    tolerances: {
      http5xx: merge(DEFAULT_TOLERANCES.http5xx, rule.tolerances.http5xx),
      http4xx: merge(DEFAULT_TOLERANCES.http4xx, rule.tolerances.http4xx),
      grpcError: merge(DEFAULT_TOLERANCES.grpcError, rule.tolerances.grpcError),
      noResponse: merge(DEFAULT_TOLERANCES.noResponse, rule.tolerances.noResponse),
      ...(rule.tolerances.p95Ms ? { p95Ms: rule.tolerances.p95Ms } : {}),
    },
  }));
  return (target) =>
    rules.find(
      (r) =>
        r.namespace.test(target.namespace) && r.kind.test(target.kind) && r.name.test(target.name),
    )?.tolerances ?? DEFAULT_TOLERANCES;
}
