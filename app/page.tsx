import type { ReactNode } from 'react';
import { MeshOverview } from '@/components/MeshOverview';
import { ReadinessPanel } from '@/components/ReadinessPanel';

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
