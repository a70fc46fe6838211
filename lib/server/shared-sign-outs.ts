import 'server-only';
import { getConfig } from '../config';
import type { KubeClient } from '../kube/client';
import type { KubeConfigMap } from '../kube/types';
import { revokeSession } from '../security/session';
import { isUpstreamError } from '../upstream/errors';
import { getBackends } from './backends';

/** How often each replica reads the shared record back. */
export const SIGN_OUT_REFRESH_MS = 2_000;
/** Attempts at one record write when other replicas keep winning the race. */
const WRITE_ATTEMPTS = 16;
/** A random pause that grows with each lost race, so racing replicas spread out. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
const SESSION_ID = /^[0-9a-f]{32}$/;

export interface SharedSignOutsOptions {
  kube: KubeClient;
  namespace: string;
  name: string;
  /** Where a sign-out read back from the record is remembered (the process' set). */
  revoke: (sid: string, exp: number, nowMs: number) => void;
  now?: () => number;
}

/**
 * Sign-outs shared by every replica through one ConfigMap (SESSION_REVOCATION_CONFIGMAP):
 * each entry is `<session id>: <expiry, unix ms>`, written with the ConfigMap's
 * `resourceVersion` (a replica that loses the race reads again and retries, so no sign-out is
 * lost), pruned of expired entries on every write, and read back by every replica every
 * {@link SIGN_OUT_REFRESH_MS}. A session id is 32 hex characters and an entry about 50 bytes,
 * so the ConfigMap's 1 MiB holds some 20,000 sign-outs within one SESSION_TTL_HOURS.
 */
export class SharedSignOuts {
  private readonly now: () => number;

  constructor(private readonly options: SharedSignOutsOptions) {
    this.now = options.now ?? Date.now;
  }

  get where(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }

  /** Records a sign-out for every replica; throws the Kubernetes error when it cannot. */
  async record(sid: string, exp: number, signal?: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(signal);
      const data = this.unexpired(current?.data ?? {});
      data[sid] = String(exp);
      try {
        await this.options.kube.writeConfigMap(
          {
            namespace: this.options.namespace,
            name: this.options.name,
            resourceVersion: current?.resourceVersion,
            data,
          },
          { signal },
        );
        return;
      } catch (error) {
        // 409: another replica wrote (or created) it first; read its version and go again.
        if (!(isUpstreamError(error) && error.status === 409 && attempt < WRITE_ATTEMPTS))
          throw error;
      }
      await backoff(attempt);
    }
  }

  /** Reads the record into the process' set; returns how many sign-outs it holds. */
  async refresh(signal?: AbortSignal): Promise<number> {
    const current = await this.read(signal);
    const entries = Object.entries(this.unexpired(current?.data ?? {}));
    const now = this.now();
    for (const [sid, exp] of entries) this.options.revoke(sid, Number(exp), now);
    return entries.length;
  }

  /** The ConfigMap, or undefined before the first sign-out creates it. */
  private async read(signal?: AbortSignal): Promise<KubeConfigMap | undefined> {
    try {
      return await this.options.kube.getConfigMap(this.options.namespace, this.options.name, {
        signal,
      });
    } catch (error) {
      if (isUpstreamError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The well-formed entries that have not expired (anything else in the map is dropped). */
  private unexpired(data: Record<string, string>): Record<string, string> {
    const now = this.now();
    return Object.fromEntries(
      Object.entries(data).filter(
        ([sid, exp]) => SESSION_ID.test(sid) && /^\d{1,15}$/.test(exp) && Number(exp) > now,
      ),
    );
  }
}

const globalForSignOuts = globalThis as typeof globalThis & {
  __meshlensSharedSignOuts?: SharedSignOuts | null;
};

/**
 * The process' shared sign-out record, or undefined when SESSION_REVOCATION_CONFIGMAP is not
 * set. The first call starts reading it back every {@link SIGN_OUT_REFRESH_MS} (the server's
 * startup makes that call, so a fresh replica knows every sign-out before it serves anyone).
 */
export function sharedSignOuts(): SharedSignOuts | undefined {
  if (globalForSignOuts.__meshlensSharedSignOuts !== undefined)
    return globalForSignOuts.__meshlensSharedSignOuts ?? undefined;
  const { auth } = getConfig();
  const at = auth.strategy === 'token' ? auth.revocationConfigMap : undefined;
  if (!at) {
    globalForSignOuts.__meshlensSharedSignOuts = null;
    return undefined;
  }
  const shared = new SharedSignOuts({ kube: getBackends().kube, ...at, revoke: revokeSession });
  globalForSignOuts.__meshlensSharedSignOuts = shared;
  let failing = false;
  let reading = false;
  const refresh = (): void => {
    if (reading) return;
    reading = true;
    shared
      .refresh(AbortSignal.timeout(SIGN_OUT_REFRESH_MS * 5))
      .finally(() => (reading = false))
      .then(
        () => {
          if (failing) console.warn(`[meshlens] sign-out record ${shared.where} readable again`);
          failing = false;
        },
        (error: unknown) => {
          if (!failing)
            console.warn(
              `[meshlens] cannot read the sign-out record ${shared.where}: ${error instanceof Error ? error.message : String(error)}`,
            );
          failing = true;
        },
      );
  };
  refresh();
  setInterval(refresh, SIGN_OUT_REFRESH_MS).unref();
  return shared;
}
