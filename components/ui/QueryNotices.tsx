'use client';

import type { ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';

/**
 * What a list page says about its data: loading, a failed refresh (naming the backend, the
 * last good data kept), and the answer's own partial-data warnings.
 */
export function QueryNotices({
  isPending,
  error,
  hasData,
  warnings = [],
  loading,
}: {
  isPending: boolean;
  error: Error | null;
  hasData: boolean;
  warnings?: readonly string[];
  /** What is being loaded, e.g. "Loading workloads and traffic…". */
  loading: string;
}): ReactNode {
  const backend = error instanceof ApiClientError ? error.backend : undefined;
  return (
    <>
      {isPending && <p className="muted">{loading}</p>}
      {error && (
        <p className="banner banner-error" role="alert" data-backend={backend}>
          {hasData ? 'Refresh failed, showing the last good data. ' : ''}
          {error.message}
        </p>
      )}
      {warnings.map((warning) => (
        <p key={warning} className="banner banner-warning" role="status">
          {warning}
        </p>
      ))}
    </>
  );
}
