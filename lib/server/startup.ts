import { ConfigError, getConfig } from '../config';
import { getHealthRules } from './health-rules';

/** Validates the environment and the health file once at start-up; exits with one line if bad. */
export function exitOnBadConfig(): void {
  try {
    getConfig();
    getHealthRules();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`meshlens: ${error.message}`);
    process.exit(1);
  }
}
