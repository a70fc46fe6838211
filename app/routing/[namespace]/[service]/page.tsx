import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { RoutingEditor } from '@/components/routing/RoutingEditor';
import { serviceExists } from '@/lib/server/page-checks';

type Params = { params: Promise<{ namespace: string; service: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { namespace, service } = await params;
  return { title: `Routing · ${service}.${namespace}` };
}

/** The routing editor of one service; 404 for a service the cluster does not have. */
export default async function RoutingPage({ params }: Params): Promise<ReactNode> {
  const { namespace, service } = await params;
  if ((await serviceExists(namespace, service)) === false) notFound();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RoutingEditor namespace={namespace} service={service} />
    </Suspense>
  );
}
