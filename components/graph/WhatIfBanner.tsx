'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatRps } from '@/lib/format';
import { routingHref } from '@/lib/graph-view/links';
import type { WhatIf, WhatIfEdges } from '@/lib/graph-view/what-if';
import { effectivePercents } from '@/lib/routing/weights';

/** Says which unapplied weights the dashed edges show, and clears them. */
export function WhatIfBanner({
  whatIf,
  projection,
  onClear,
}: {
  whatIf: WhatIf;
  projection: WhatIfEdges;
  onClear: () => void;
}): ReactNode {
  const shares = effectivePercents(whatIf.weights.map((w) => w.weight));
  return (
    <p className="banner banner-trace" role="status" data-testid="what-if-banner">
      What-if, not applied: {whatIf.service}{' '}
      {whatIf.weights.map((w, i) => `${w.version} ${Math.round(shares[i] ?? 0)} %`).join(', ')} of
      today’s {formatRps(projection.total)} req/s — the dashed edges show now → after (the default
      route’s weights; requests a header-matched route takes are not projected).
      {projection.missing.length > 0 &&
        ` ${projection.missing.map((m) => `${m.version} would get ${formatRps(m.rate)} req/s`).join(', ')} (no edge yet: no traffic now).`}{' '}
      <Link href={routingHref(whatIf)}>Routing of {whatIf.service}</Link>
      {' · '}
      <button type="button" className="link-button" onClick={onClear}>
        Clear
      </button>
    </p>
  );
}
