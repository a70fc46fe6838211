'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { BASE_PATH } from '@/lib/client/api';
import { useSession } from '@/lib/client/hooks';
import { useSignOut } from '@/lib/client/mutations';
import styles from './AppHeader.module.css';

const PAGES = [
  { href: '/', text: 'Overview' },
  { href: '/graph', text: 'Graph' },
  { href: '/apps', text: 'Apps' },
  { href: '/workloads', text: 'Workloads' },
  { href: '/services', text: 'Services' },
  { href: '/istio', text: 'Istio config' },
];

/** The top bar: product name and the pages that exist. */
export function AppHeader(): ReactNode {
  const pathname = usePathname();
  return (
    <header className={styles.appHeader}>
      <Link href="/" className={styles.brand} aria-label="Meshlens home">
        <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
          <circle cx="16" cy="16" r="13" fill="none" stroke="currentColor" strokeWidth="3" />
          <circle cx="16" cy="9" r="3" fill="currentColor" />
          <circle cx="10" cy="20" r="3" fill="currentColor" />
          <circle cx="22" cy="20" r="3" fill="currentColor" />
        </svg>
        <span>Meshlens</span>
      </Link>
      <nav aria-label="Main">
        {PAGES.map((page) => (
          <Link
            key={page.href}
            href={page.href}
            className={styles.navLink}
            aria-current={pathname === page.href ? 'page' : undefined}
          >
            {page.text}
          </Link>
        ))}
      </nav>
      <SignOut />
    </header>
  );
}

/** With token sign-in: who is signed in is the server's secret; we only offer to sign out. */
function SignOut(): ReactNode {
  const session = useSession();
  const signOut = useSignOut();
  if (session.data?.strategy !== 'token' || !session.data.signedIn) return null;
  return (
    <button
      type="button"
      className={`link-button ${styles.signOut}`}
      disabled={signOut.isPending}
      onClick={() =>
        signOut.mutate(undefined, {
          // A full page load, not router.push: it drops every cache of the previous identity.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          onSuccess: () => window.location.assign(`${BASE_PATH}/login`),
        })
      }
    >
      Sign out
    </button>
  );
}
