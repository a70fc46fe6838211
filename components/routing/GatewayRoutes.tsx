'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { RoutingResponse } from '@/lib/contracts/routing';
import { routingHref } from '@/lib/graph-view/links';

/**
 * Which HTTPRoute the page edits, when routes from gateways reach the service too: each opens
 * here (`?httpRoute=`), and the service's own routing is a click back.
 */
export function GatewayRoutes({
  data,
  namespace,
  service,
  editing,
}: {
  data: RoutingResponse;
  namespace: string;
  service: string;
  editing: string | undefined;
}): ReactNode {
  if (data.gatewayRoutes.length === 0 && !editing) return null;
  // Links stay in the cluster whose routing this is.
  const cluster = data.cluster.name;
  const base = routingHref({ namespace, service, cluster });
  const routeHref = (httpRoute: string) =>
    `/routing/${encodeURIComponent(namespace)}/${encodeURIComponent(service)}?${new URLSearchParams({ httpRoute, ...(cluster ? { cluster } : {}) })}`;
  return (
    <nav className="card" aria-label="Routes to this service">
      {data.editingRoute && (
        <p>
          Editing HTTPRoute <strong>{data.editingRoute.name}</strong>, attached to{' '}
          {data.editingRoute.attachedTo.join(', ')}.
        </p>
      )}
      <ul>
        {editing && (
          <li>
            <Link href={base}>{service}’s own routing</Link>
          </li>
        )}
        {data.gatewayRoutes
          .filter((r) => r.name !== editing)
          .map((r) => (
            <li key={r.name}>
              From {r.gateways.map((g) => `Gateway ${g}`).join(', ')}:{' '}
              <Link href={routeHref(r.name)}>HTTPRoute {r.name}</Link>
              {r.hosts.length ? <span className="muted"> ({r.hosts.join(', ')})</span> : null}
            </li>
          ))}
      </ul>
    </nav>
  );
}
