/** How the side panel words a listener's certificate. Pure. */
import type { GatewayListener } from '../contracts/graph';

const DAY_SEC = 86_400;

/** A certificate that expires within this is flagged. */
export const EXPIRY_WARNING_SEC = 14 * DAY_SEC;

/** Whether a listener's certificate has expired or expires within {@link EXPIRY_WARNING_SEC}. */
export const expiresSoon = (listener: GatewayListener, nowSec: number): boolean =>
  listener.tls?.expiresAtSec !== undefined &&
  listener.tls.expiresAtSec - nowSec < EXPIRY_WARNING_SEC;

/** `2026-12-15` (UTC). */
const dateOf = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 10);

/**
 * A listener's certificate in words: its Secret and when it expires (`expires 2026-12-15, in 10
 * days`), that it has expired, or why the expiry is unknown. Undefined without TLS.
 */
export function certificateText(listener: GatewayListener, nowSec: number): string | undefined {
  const tls = listener.tls;
  if (!tls) return undefined;
  const secret = tls.secret
    ? `Secret ${tls.secret.namespace}/${tls.secret.name}`
    : 'no Secret named';
  if (tls.expiresAtSec === undefined)
    return `${secret}${tls.problem ? ` · expiry unknown: ${tls.problem}` : ''}`;
  const days = Math.round((tls.expiresAtSec - nowSec) / DAY_SEC);
  const when =
    tls.expiresAtSec <= nowSec
      ? `expired ${dateOf(tls.expiresAtSec)}`
      : `expires ${dateOf(tls.expiresAtSec)}, ${days < 1 ? 'within a day' : `in ${days} day${days === 1 ? '' : 's'}`}`;
  return `${secret} · ${when}`;
}
