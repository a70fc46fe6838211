import type { ReactNode } from 'react';
import { formatPercent, formatRps } from '@/lib/format';

/** Rates by response code (or flags), with each one’s share. */
export function CodeTable({
  caption,
  byCode,
  total,
}: {
  caption: string;
  byCode: Record<string, number>;
  total: number;
}): ReactNode {
  const rows = Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return null;
  return (
    <table className="table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
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
            <th scope="row">{code === '-' ? 'no response' : code}</th>
            <td className="num">{formatRps(value)}</td>
            <td className="num">{formatPercent((value / total) * 100)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
