import { getConfig } from '../config';
import { ConfigError } from '../config/env';
import { getHealthRules } from './health-rules';
import { sharedSignOuts } from './shared-sign-outs';

/** Validates the environment and the health file once at start-up; exits with one line if bad. */
export function exitOnBadConfig(): void {
  try {
    getConfig();
    getHealthRules();
    // Read the shared sign-out record before serving anyone, and every few seconds after.
    sharedSignOuts();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`meshlens: ${error.message}`);
    process.exit(1);
  }
}
