import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { MeshOverview } from '@/components/overview/MeshOverview';
import { ReadinessPanel } from '@/components/overview/ReadinessPanel';

// The layout's title template applies to child segments only, not to this page beside it.
export const metadata: Metadata = { title: { absolute: 'Overview · Meshlens' } };

/** Home: are the backends there, and what is the mesh doing. */
export default function HomePage(): ReactNode {
  return (
    <>
      <h1 className="page-title">Overview</h1>
      <ReadinessPanel />
      <MeshOverview />
    </>
  );
}
