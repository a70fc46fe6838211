import { ConfigError, getConfig } from '../config';

/** Validates the environment once at start-up; exits with one line per bad variable. */
export function exitOnBadConfig(): void {
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`meshlens: ${error.message}`);
    process.exit(1);
  }
}
