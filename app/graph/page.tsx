import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { GraphView } from '@/components/graph/GraphView';

export const metadata: Metadata = { title: 'Graph' };

/** The live service graph. Its state lives in the URL, read on the client. */
export default function GraphPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <GraphView />
    </Suspense>
  );
}
