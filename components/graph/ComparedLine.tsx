'use client';

import type { ReactNode } from 'react';
import type { Compared } from '@/lib/contracts/graph';
import { formatMs, formatPercent, formatRps } from '@/lib/format';

/** A selected element's figures in the baseline of a compared graph, in one line. */
export function ComparedLine({
  compared,
  when,
  protocol,
}: {
  compared: Compared | undefined;
  /** `1 hour before` */
  when: string;
  protocol?: string;
}): ReactNode {
  if (!compared) return null;
  if (compared.status === 'new') return <p className="muted">New: not there {when}.</p>;
  const parts = [
    compared.rate !== undefined
      ? protocol === 'tcp'
        ? `${formatRps(compared.rate)} B/s`
        : `${formatRps(compared.rate)} req/s`
      : undefined,
    compared.errorPercent !== undefined && protocol !== 'tcp'
      ? `${formatPercent(compared.errorPercent)} errors`
      : undefined,
    compared.responseTimeMs !== undefined ? formatMs(compared.responseTimeMs) : undefined,
  ].filter(Boolean);
  return (
    <p className="muted">
      {compared.status === 'vanished'
        ? `Gone: only there ${when}`
        : `${when[0]?.toUpperCase()}${when.slice(1)}`}
      {parts.length ? `: ${parts.join(', ')}` : ''}.
    </p>
  );
}
