'use client';

import type { ReactNode } from 'react';
import { useGraph } from '@/lib/client/hooks';
import { formatPercent, formatRps } from '@/lib/format';
import { canaryFigures } from '@/lib/routing/canary';
import type { RoutingSpec } from '@/lib/routing/model';

export interface CanaryComparisonProps {
  namespace: string;
  service: string;
  spec: RoutingSpec;
  /** Whether the weights differ from what is applied, to show the projection. */
  edited: boolean;
}

/**
 * Each subset side by side over the last minute — request rate, error %, p95 — and, while
 * weights are being edited, the rate each would get under them.
 */
export function CanaryComparison({
  namespace,
  service,
  spec,
  edited,
}: CanaryComparisonProps): ReactNode {
  const query = new URLSearchParams({
    namespaces: namespace,
    graphType: 'versionedApp',
    duration: '60s',
    injectServiceNodes: 'true',
    responseTime: '95',
  }).toString();
  const graph = useGraph(query, 10);
  if (spec.subsets.length === 0) return null;
  const figures = canaryFigures(graph.data, namespace, service, spec);
  return (
    <section className="card" aria-label="Canary comparison">
      <h3>
        Canary comparison{' '}
        {graph.isPending ? (
          <span className="muted">(loading…)</span>
        ) : (
          <span className="muted">(last minute)</span>
        )}
      </h3>
      {graph.error && <p className="error-text">{graph.error.message}</p>}
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Subset</th>
            <th scope="col" className="num">
              req/s
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              p95
            </th>
            {edited && (
              <th
                scope="col"
                className="num"
                title="The service's current rate spread by the edited default route's weights"
              >
                After edit
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.subset}>
              <th scope="row">{f.subset}</th>
              <td className="num">{f.rate === undefined ? '—' : formatRps(f.rate)}</td>
              <td className="num">
                {f.errorPercent === undefined ? '—' : formatPercent(f.errorPercent)}
              </td>
              <td className="num">{f.p95Ms === undefined ? '—' : `${Math.round(f.p95Ms)} ms`}</td>
              {edited && <td className="num">{formatRps(f.projectedRate)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
