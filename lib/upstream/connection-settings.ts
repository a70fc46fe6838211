/**
 * How Meshlens connects to a metrics or tracing store besides its URL: the credentials it
 * sends, extra headers (a Mimir/Cortex tenant) and TLS. A path prefix is part of the URL.
 * Secrets are given as files (re-read when they change, as Kubernetes rotates projected
 * service-account tokens) or as values from the environment; none is ever logged or shown.
 */
export interface ConnectionSettings {
  /** `Authorization: Bearer …`, from a value or a file. */
  bearerToken?: Secret;
  /** `Authorization: Basic …`. */
  basicAuth?: { username: string; password: Secret };
  /** Sent with every request, e.g. `{"X-Scope-OrgID": "team-a"}`. */
  headers: Record<string, string>;
  tls: {
    /** PEM bundle of the CAs to trust instead of the system's. */
    caFile?: string;
    /** Client certificate and key (PEM) for mutual TLS. */
    certFile?: string;
    keyFile?: string;
    /** Accept any server certificate: for tests only. */
    insecureSkipVerify: boolean;
  };
}

/** A secret's source: the environment (fixed) or a file (read again when it changes). */
export type Secret = { value: string } | { file: string };

/** No credentials, headers or TLS settings: a plain connection. */
export const PLAIN_CONNECTION: ConnectionSettings = {
  headers: {},
  tls: { insecureSkipVerify: false },
};
