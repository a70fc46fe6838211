import 'server-only';
import { readFileSync } from 'node:fs';
import { getConfig } from '../config';
import { ConfigError } from '../config/env';
import { DEFAULT_TOLERANCES, type Tolerances } from '../graph/health';
import { compileHealthRules, healthConfigSchema, type HealthTarget } from '../graph/health-config';

type Lookup = (target: HealthTarget) => Tolerances;

const globalForHealth = globalThis as typeof globalThis & { __meshlensHealth?: Lookup };

/** Reads and checks a health configuration file; throws ConfigError naming what is wrong. */
export function loadHealthRules(path: string): Lookup {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      `HEALTH_CONFIG: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    ]);
  }
  const parsed = healthConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `HEALTH_CONFIG: ${path}: ${i.path.join('.')}: ${i.message}`),
    );
  }
  return compileHealthRules(parsed.data);
}

/** The process-wide health tolerances, from HEALTH_CONFIG or Kiali's defaults. */
export function getHealthRules(): Lookup {
  if (!globalForHealth.__meshlensHealth) {
    const path = getConfig().healthConfigPath;
    globalForHealth.__meshlensHealth = path ? loadHealthRules(path) : () => DEFAULT_TOLERANCES;
  }
  return globalForHealth.__meshlensHealth;
}
