import type { ReactNode } from 'react';
import { formatPercent, formatRps } from '@/lib/format';
import { flagsLabel, flagsMeaning } from '@/lib/graph/response-flags';

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
    <table className="table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{kind === 'code' ? 'Code' : 'Flags'}</th>
          <th scope="col" className="num">
            req/s
          </th>
          <th scope="col" className="num">
            %
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([code, value]) => (
          <tr key={code}>
            {kind === 'code' ? (
              <th scope="row">{code === '-' ? 'no response' : code}</th>
            ) : (
              <th scope="row" title={flagsMeaning(code)}>
                {flagsLabel(code)}
              </th>
            )}
            <td className="num">{formatRps(value)}</td>
            <td className="num">{formatPercent((value / total) * 100)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
