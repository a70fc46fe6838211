import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { TraceView } from '@/components/traces/TraceView';

export async function generateMetadata({
  params,
}: {
  params: Promise<{ traceId: string }>;
}): Promise<Metadata> {
  const { traceId } = await params;
  return { title: `Trace ${traceId.slice(0, 8)}` };
}

/** One trace: waterfall, span details and a way back onto the graph. */
export default async function TracePage({
  params,
}: {
  params: Promise<{ traceId: string }>;
}): Promise<ReactNode> {
  const { traceId } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <TraceView traceId={traceId} />
    </Suspense>
  );
}
