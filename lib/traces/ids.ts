/**
 * Trace and span ids arrive as hex (Jaeger, Jaeger api_v3) or base64 of the raw bytes (Tempo's
 * protobuf-JSON). Inside Meshlens they are always lower-case hex: 32 digits for a trace, 16
 * for a span, with 64-bit trace ids and unpadded Jaeger v1 ids left-padded with zeros.
 */

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A trace id as a user or URL may give it: 16 or 32 hex digits. */
export const TRACE_ID_PATTERN = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i;

function base64ToHex(text: string): string | undefined {
  if (!BASE64.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Array.from(atob(text), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

function normalise(raw: string, digits: number): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (HEX.test(text) && text.length <= digits) return text.toLowerCase().padStart(digits, '0');
  // Base64 of 8 or 16 raw bytes is 12 or 24 characters with padding.
  const hex = base64ToHex(text);
  if (hex && hex.length <= digits) return hex.padStart(digits, '0');
  return undefined;
}

/** A wire trace id as 32 lower-case hex digits, or undefined when it is neither hex nor base64. */
export function normaliseTraceId(raw: string): string | undefined {
  return normalise(raw, 32);
}

/** A wire span id as 16 lower-case hex digits, or undefined when it is neither hex nor base64. */
export function normaliseSpanId(raw: string): string | undefined {
  return normalise(raw, 16);
}

/** An id for backends that expect hex: 64-bit ids (16 leading zeros) are sent short. */
export function wireTraceId(traceId: string): string {
  return traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}
