import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { ServiceList } from '@/components/services/ServiceList';

export const metadata: Metadata = { title: 'Services' };

/** Every Service of the mesh with its workloads, routing and inbound traffic. */
export default function ServicesPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ServiceList />
    </Suspense>
  );
}
