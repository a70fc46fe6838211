import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { AppList } from '@/components/apps/AppList';

export const metadata: Metadata = { title: 'Apps' };

/** Every app of the mesh with its versions, health and inbound traffic. */
export default function AppsPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <AppList />
    </Suspense>
  );
}
