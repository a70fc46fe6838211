'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { RoutingSpec } from '@/lib/contracts/routing-model';
import { routingHref } from '@/lib/graph-view/links';

/**
 * Where traffic policies live when an HTTPRoute holds the routes: a DestinationRule applies to
 * the host requests are sent to, which is each backend Service the HTTPRoute names.
 */
export function BackendPolicies({
  namespace,
  service,
  cluster,
  spec,
}: {
  namespace: string;
  service: string;
  /** The cluster whose routing this is, in a mesh of several. */
  cluster?: string;
  spec: RoutingSpec;
}): ReactNode {
  const backends = [
    ...new Set(spec.http.flatMap((r) => r.destinations.map((d) => d.host.split('.')[0] ?? ''))),
  ].filter((host) => host && host !== service);
  return (
    <section className="card" aria-label="Traffic policy">
      <h3>Traffic policy</h3>
      <p className="muted">
        Load balancing, TLS and circuit breaking are set by a DestinationRule of the host requests
        go to. This HTTPRoute sends them to other Services, so set those on each backend’s own
        routing page:
      </p>
      <ul>
        {backends.map((backend) => (
          <li key={backend}>
            <Link href={routingHref({ namespace, service: backend, cluster })}>{backend}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
