'use client';

import {
  usePathname,
  useRouter,
  useSearchParams,
  type ReadonlyURLSearchParams,
} from 'next/navigation';
import { useCallback } from 'react';

/**
 * A page's settings in its URL: the current query, and an update that sets (or, when empty,
 * removes) parameters in place, without a new history entry or a scroll.
 */
export function useUrlParams(): [
  ReadonlyURLSearchParams,
  (changes: Record<string, string>) => void,
] {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string>) => {
      const next = new URLSearchParams(search.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname, search],
  );
  return [search, update];
}
