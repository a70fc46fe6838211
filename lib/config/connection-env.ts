/**
 * How Meshlens reaches a metrics or tracing store besides its URL, from `<PREFIX>_<SUFFIX>`
 * variables: credentials, extra headers and TLS (see ConnectionSettings). Pure, like env.ts.
 */
import { z } from 'zod';
import type { ConnectionSettings, Secret } from '../upstream/connection-settings';
import { booleanFlag } from './fields';

const filePath = (what: string) => z.string().min(1, `expected the path of ${what}`);

/** Headers a client may not choose: the HTTP machinery sets them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

/** Why a header name cannot be configured, or undefined when it can. */
function headerNameProblem(name: string): string | undefined {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    return `${JSON.stringify(name)} is not an HTTP header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase()))
    return `${name} is set by HTTP itself, not by configuration`;
  return undefined;
}

/**
 * How to reach one backend besides its URL, read from `<PREFIX>_<SUFFIX>` variables: the same
 * suffixes for Prometheus (`PROMETHEUS_`) and tracing (`TRACING_`). See ConnectionSettings.
 */
const connectionSchema = z.object({
  BEARER_TOKEN: z
    .string()
    .max(16_384)
    .regex(/^[\x21-\x7e]+$/, { message: 'expected a bearer token (printable, no spaces)' })
    .optional(),
  BEARER_TOKEN_FILE: filePath('a file holding a bearer token').optional(),
  BASIC_AUTH_USERNAME: z
    .string()
    .regex(/^[^:\s]+$/, { message: 'expected a user name without colons or spaces' })
    .optional(),
  BASIC_AUTH_PASSWORD: z.string().optional(),
  BASIC_AUTH_PASSWORD_FILE: filePath('a file holding the password').optional(),
  CA_FILE: filePath('a PEM bundle of CA certificates').optional(),
  CERT_FILE: filePath('a PEM client certificate').optional(),
  KEY_FILE: filePath("a PEM client certificate's key").optional(),
  INSECURE_SKIP_VERIFY: booleanFlag.default(false),
  HEADERS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({
          code: 'custom',
          message: 'expected a JSON object of header names to values',
        });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .record(
          z.string(),
          z.string().regex(/^[\x20-\x7e]*$/, { message: 'expected printable header values' }),
          {
            message:
              'expected a JSON object of header names to values, e.g. {"X-Scope-OrgID":"team-a"}',
          },
        )
        .superRefine((headers, context) => {
          for (const name of Object.keys(headers)) {
            const problem = headerNameProblem(name);
            if (problem) context.addIssue({ code: 'custom', message: problem });
          }
        }),
    )
    .optional(),
});

type ConnectionSuffix = keyof typeof connectionSchema.shape;

/** Variables whose values are secrets: a problem with one never repeats its value. */
const SECRET_SUFFIXES: readonly ConnectionSuffix[] = [
  'BEARER_TOKEN',
  'BASIC_AUTH_PASSWORD',
  'HEADERS',
];

/** The backends that take connection settings, by their variables' prefix. */
export const CONNECTION_PREFIXES = ['PROMETHEUS', 'TRACING'] as const;

export const connectionVariables = (prefix: string): string[] =>
  Object.keys(connectionSchema.shape).map((suffix) => `${prefix}_${suffix}`);

/**
 * One backend's connection settings from `<prefix>_*` variables. Problems name the variable
 * and, unless it holds a secret, its value.
 */
export function parseConnection(
  prefix: (typeof CONNECTION_PREFIXES)[number],
  present: Record<string, string>,
): { settings?: ConnectionSettings; problems: string[] } {
  const raw = Object.fromEntries(
    Object.keys(connectionSchema.shape).flatMap((suffix) => {
      const value = present[`${prefix}_${suffix}`];
      return value === undefined ? [] : [[suffix, value]];
    }),
  );
  const parsed = connectionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const suffix = String(issue.path[0]) as ConnectionSuffix;
        const value = raw[suffix];
        const shown =
          value === undefined || SECRET_SUFFIXES.includes(suffix)
            ? ''
            : `, got ${JSON.stringify(value)}`;
        return `${prefix}_${suffix}: ${issue.message}${shown}`;
      }),
    };
  }
  const c = parsed.data;
  const v = (suffix: ConnectionSuffix) => `${prefix}_${suffix}`;
  const secret = (value: string | undefined, file: string | undefined): Secret | undefined =>
    file !== undefined ? { file } : value !== undefined ? { value } : undefined;
  const problems = [
    ...(c.BEARER_TOKEN && c.BEARER_TOKEN_FILE
      ? [`${v('BEARER_TOKEN')}: set it or ${v('BEARER_TOKEN_FILE')}, not both`]
      : []),
    ...(c.BASIC_AUTH_PASSWORD !== undefined && c.BASIC_AUTH_PASSWORD_FILE
      ? [`${v('BASIC_AUTH_PASSWORD')}: set it or ${v('BASIC_AUTH_PASSWORD_FILE')}, not both`]
      : []),
    ...(c.BASIC_AUTH_USERNAME && c.BASIC_AUTH_PASSWORD === undefined && !c.BASIC_AUTH_PASSWORD_FILE
      ? [
          `${v('BASIC_AUTH_USERNAME')}: needs ${v('BASIC_AUTH_PASSWORD')} or ${v('BASIC_AUTH_PASSWORD_FILE')}`,
        ]
      : []),
    ...(!c.BASIC_AUTH_USERNAME &&
    (c.BASIC_AUTH_PASSWORD !== undefined || c.BASIC_AUTH_PASSWORD_FILE)
      ? [`${v('BASIC_AUTH_USERNAME')}: required with a basic-auth password`]
      : []),
    ...((c.BEARER_TOKEN || c.BEARER_TOKEN_FILE) && c.BASIC_AUTH_USERNAME
      ? [`${v('BEARER_TOKEN')}: a bearer token and basic auth cannot both be sent; choose one`]
      : []),
    ...(Boolean(c.CERT_FILE) !== Boolean(c.KEY_FILE)
      ? [
          `${v(c.CERT_FILE ? 'KEY_FILE' : 'CERT_FILE')}: a client certificate needs both ${v('CERT_FILE')} and ${v('KEY_FILE')}`,
        ]
      : []),
    ...((c.BEARER_TOKEN || c.BEARER_TOKEN_FILE || c.BASIC_AUTH_USERNAME) &&
    Object.keys(c.HEADERS ?? {}).some((name) => name.toLowerCase() === 'authorization')
      ? [`${v('HEADERS')}: sets Authorization, which the configured credentials set already`]
      : []),
  ];
  if (problems.length > 0) return { problems };
  const bearerToken = secret(c.BEARER_TOKEN, c.BEARER_TOKEN_FILE);
  const password = secret(c.BASIC_AUTH_PASSWORD, c.BASIC_AUTH_PASSWORD_FILE);
  return {
    problems: [],
    settings: {
      ...(bearerToken ? { bearerToken } : {}),
      ...(c.BASIC_AUTH_USERNAME && password
        ? { basicAuth: { username: c.BASIC_AUTH_USERNAME, password } }
        : {}),
      headers: c.HEADERS ?? {},
      tls: {
        ...(c.CA_FILE ? { caFile: c.CA_FILE } : {}),
        ...(c.CERT_FILE ? { certFile: c.CERT_FILE } : {}),
        ...(c.KEY_FILE ? { keyFile: c.KEY_FILE } : {}),
        insecureSkipVerify: c.INSECURE_SKIP_VERIFY,
      },
    },
  };
}
