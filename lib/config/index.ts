import 'server-only';
import { parseConfig, type AppConfig } from './env';

let cached: AppConfig | undefined;

/** The process-wide configuration, parsed once from `process.env`. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
