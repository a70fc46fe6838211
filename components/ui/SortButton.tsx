'use client';

import type { ReactNode } from 'react';

/**
 * A column header that sorts a list by its column; pressed again, the other way. `update`
 * receives the URL's `sort` and `dir` (empty for the defaults: name, the column's own order).
 */
export function SortButton<S extends string>({
  column,
  label,
  sort,
  descending,
  defaultDescending,
  update,
}: {
  column: S;
  label: string;
  sort: S;
  descending: boolean;
  defaultDescending: (column: S) => boolean;
  update: (changes: Record<string, string>) => void;
}): ReactNode {
  const active = sort === column;
  const nextDescending = active ? !descending : defaultDescending(column);
  return (
    <button
      type="button"
      className="link-button"
      aria-label={`Sort by ${label}${nextDescending ? ', largest first' : ''}`}
      aria-pressed={active}
      onClick={() =>
        update({
          sort: column === 'name' ? '' : column,
          dir: nextDescending === defaultDescending(column) ? '' : nextDescending ? 'desc' : 'asc',
        })
      }
    >
      {label}
      {active ? (descending ? ' ↓' : ' ↑') : ''}
    </button>
  );
}
