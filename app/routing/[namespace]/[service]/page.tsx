import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { RoutingEditor } from '@/components/RoutingEditor';

type Params = { params: Promise<{ namespace: string; service: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { namespace, service } = await params;
  return { title: `Routing · ${service}.${namespace}` };
}

/** The routing editor of one service. */
export default async function RoutingPage({ params }: Params): Promise<ReactNode> {
  const { namespace, service } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RoutingEditor namespace={namespace} service={service} />
    </Suspense>
  );
}
