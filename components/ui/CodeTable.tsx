import type { ReactNode } from 'react';
import { formatPercent, formatRps } from '@/lib/format';
import { flagsLabel, flagsMeaning } from '@/lib/graph/response-flags';
import { MetricsTable } from './MetricsTable';

/**
 * Rates by response code or by Envoy response flags, with each one’s share. `-` means "no
 * response" as a code (Istio's `0`) but "no flags" as flags; each flag explains itself on hover.
 */
export function CodeTable({
  caption,
  byCode,
  total,
  kind = 'code',
}: {
  caption: string;
  byCode: Record<string, number>;
  total: number;
  kind?: 'code' | 'flags';
}): ReactNode {
  const rows = Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return null;
  return (
    <MetricsTable
      caption={caption}
      rows={rows}
      rowKey={([code]) => code}
      columns={[
        {
          header: kind === 'code' ? 'Code' : 'Flags',
          cell: ([code]) =>
            kind === 'code' ? (code === '-' ? 'no response' : code) : flagsLabel(code),
          title: ([code]) => (kind === 'flags' ? flagsMeaning(code) : undefined),
        },
        { header: 'req/s', numeric: true, cell: ([, value]) => formatRps(value) },
        {
          header: '%',
          numeric: true,
          cell: ([, value]) => formatPercent((value / total) * 100),
        },
      ]}
    />
  );
}
