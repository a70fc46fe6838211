import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { WorkloadList } from '@/components/workloads/WorkloadList';

export const metadata: Metadata = { title: 'Workloads' };

/** Every workload of the mesh with its health and inbound traffic. */
export default function WorkloadsPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <WorkloadList />
    </Suspense>
  );
}
