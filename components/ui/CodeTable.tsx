import type { ReactNode } from 'react';
import { formatPercent, formatRps } from '@/lib/format';
import { flagsLabel, flagsMeaning } from '@/lib/graph/response-flags';
import { MetricsTable } from './MetricsTable';

/** gRPC's status codes by number, as `grpc_response_status` reports them. */
const GRPC_STATUS: Record<string, string> = {
  '0': 'OK',
  '1': 'CANCELLED',
  '2': 'UNKNOWN',
  '3': 'INVALID_ARGUMENT',
  '4': 'DEADLINE_EXCEEDED',
  '5': 'NOT_FOUND',
  '6': 'ALREADY_EXISTS',
  '7': 'PERMISSION_DENIED',
  '8': 'RESOURCE_EXHAUSTED',
  '9': 'FAILED_PRECONDITION',
  '10': 'ABORTED',
  '11': 'OUT_OF_RANGE',
  '12': 'UNIMPLEMENTED',
  '13': 'INTERNAL',
  '14': 'UNAVAILABLE',
  '15': 'DATA_LOSS',
  '16': 'UNAUTHENTICATED',
};

/**
 * Rates by response code (HTTP status, or gRPC status with its name) or by Envoy response
 * flags, with each one’s share. `-` means "no response" as a code (Istio's `0`) but "no flags"
 * as flags; each flag explains itself on hover.
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
  kind?: 'code' | 'grpc' | 'flags';
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
          header: kind === 'code' ? 'Code' : kind === 'grpc' ? 'gRPC status' : 'Flags',
          cell: ([code]) => {
            if (kind === 'flags') return flagsLabel(code);
            if (code === '-') return 'no response';
            return kind === 'grpc' && GRPC_STATUS[code] ? `${code} ${GRPC_STATUS[code]}` : code;
          },
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
