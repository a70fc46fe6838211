import { z } from 'zod';

/** `true`/`false` (also `1`/`0`, `yes`/`no`) from an environment variable. */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
