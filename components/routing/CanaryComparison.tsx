'use client';

import type { ReactNode } from 'react';
import { useShownGraph } from '@/lib/client/hooks';
import { WHOLE_GRAPH } from '@/lib/graph-view/shown-graph';
import { formatPercent, formatRps } from '@/lib/format';
import {
  canaryFigures,
  serviceFigures,
  type ServiceFigures,
  type SubsetFigures,
} from '@/lib/routing/canary';
import { flagsMeaning } from '@/lib/graph/response-flags';
import type { RoutingSpec } from '@/lib/contracts/routing-model';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import styles from './CanaryComparison.module.css';

export interface CanaryComparisonProps {
  namespace: string;
  service: string;
  /** The cluster whose routing is edited, when the mesh names its clusters. */
  cluster?: string;
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
  cluster,
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
  const graph = useShownGraph(query, WHOLE_GRAPH, 10);
  const answer = graph.data?.shown.graph;
  if (spec.subsets.length === 0) return null;
  const figures = canaryFigures(answer, { namespace, service, cluster }, spec);
  const callers = serviceFigures(answer, { namespace, service, cluster });
  const headerRoutes = spec.http.filter((r) => r.match.length > 0).length;
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
      <MetricsTable
        label="Canary comparison by subset"
        columns={canaryColumns(edited)}
        rows={[...(callers ? [{ callers }] : []), ...figures.map((subset) => ({ subset }))]}
        rowKey={(row) => ('callers' in row ? '' : row.subset.subset)}
        rowClassName={(row) => ('callers' in row ? styles.rowTotal : undefined)}
      />
      {callers && callers.answeredByCallers > 0 && (
        <p className="warn-text small" role="note">
          {formatRps(callers.answeredByCallers)} req/s (
          {formatPercent((callers.answeredByCallers / callers.rate) * 100)}) were answered by the
          callers’ own proxies and reached no subset:{' '}
          {Object.entries(callers.answeredByFlags)
            .map(([flags, rate]) => `${flags} ${formatRps(rate)} req/s (${flagsMeaning(flags)})`)
            .join(', ')}
          .
        </p>
      )}
      {edited && headerRoutes > 0 && (
        <p className="muted small">
          “After edit” spreads today’s rate by the default route’s weights; requests that{' '}
          {headerRoutes === 1
            ? 'the header-matched route takes'
            : `the ${headerRoutes} header-matched routes take`}{' '}
          are not projected (their share is not known ahead).
        </p>
      )}
      {edited && <WhatIf service={service} figures={figures} />}
    </section>
  );
}

/** A row of the comparison: every caller's requests into the service, or one subset's. */
type CanaryRow = { callers: ServiceFigures } | { subset: SubsetFigures };

const orDash = <T,>(value: T | undefined, format: (value: T) => string): string =>
  value === undefined ? '—' : format(value);

function canaryColumns(
  edited: boolean,
): readonly [MetricsColumn<CanaryRow>, ...MetricsColumn<CanaryRow>[]] {
  return [
    {
      header: 'Subset',
      cell: (row) => ('callers' in row ? 'all callers' : row.subset.subset),
      title: (row) =>
        'callers' in row
          ? "Every request into the service, as its callers' proxies saw it"
          : undefined,
    },
    {
      header: 'req/s',
      numeric: true,
      cell: (row) =>
        'callers' in row ? formatRps(row.callers.rate) : orDash(row.subset.rate, formatRps),
    },
    {
      header: 'Errors',
      numeric: true,
      cell: (row) =>
        'callers' in row
          ? formatPercent(row.callers.errorPercent)
          : orDash(row.subset.errorPercent, formatPercent),
    },
    {
      header: 'p95',
      numeric: true,
      cell: (row) =>
        'callers' in row ? '—' : orDash(row.subset.p95Ms, (ms) => `${Math.round(ms)} ms`),
    },
    ...(edited
      ? [
          {
            header: 'After edit (default route)',
            headerTitle: "The service's current rate spread by the edited default route's weights",
            numeric: true,
            cell: (row: CanaryRow) =>
              formatRps('callers' in row ? row.callers.rate : row.subset.projectedRate),
          },
        ]
      : []),
  ];
}

/**
 * What-if: the service's traffic to each subset drawn as edges, now (grey) and under the
 * edited weights (blue), before anything is applied.
 */
function WhatIf({ service, figures }: { service: string; figures: SubsetFigures[] }): ReactNode {
  const rowHeight = 34;
  const height = figures.length * rowHeight + 16;
  const max = Math.max(0.001, ...figures.flatMap((f) => [f.rate ?? 0, f.projectedRate]));
  const width = (rate: number) => (rate > 0 ? 1.5 + (7 * rate) / max : 0);
  const y = (i: number) => 8 + rowHeight / 2 + i * rowHeight;
  const mid = height / 2;
  return (
    <svg
      className={styles.whatIf}
      viewBox={`0 0 360 ${height}`}
      width="100%"
      height={height}
      role="img"
      aria-label={`What-if: ${figures.map((f) => `${f.subset} ${formatRps(f.rate ?? 0)} now, ${formatRps(f.projectedRate)} req/s after the edit`).join('; ')}`}
    >
      {figures.map((f, i) => (
        <g key={f.subset}>
          <path
            d={`M 60 ${mid - 3} C 140 ${mid - 3}, 140 ${y(i) - 3}, 220 ${y(i) - 3}`}
            className={styles.whatIfNow}
            strokeWidth={width(f.rate ?? 0)}
          />
          <path
            d={`M 60 ${mid + 3} C 140 ${mid + 3}, 140 ${y(i) + 3}, 220 ${y(i) + 3}`}
            className={styles.whatIfAfter}
            strokeWidth={width(f.projectedRate)}
          />
          <rect x={222} y={y(i) - 11} width={40} height={22} rx={4} className={styles.whatIfNode} />
          <text x={242} y={y(i) + 4} textAnchor="middle">
            {f.subset}
          </text>
          <text x={268} y={y(i) + 4} className={styles.whatIfLabel}>
            {formatRps(f.rate ?? 0)} → {formatRps(f.projectedRate)}
          </text>
        </g>
      ))}
      <circle cx={36} cy={mid} r={24} className={styles.whatIfNode} />
      <text x={36} y={mid + 4} textAnchor="middle" fontSize={10}>
        {service.slice(0, 7)}
      </text>
    </svg>
  );
}
