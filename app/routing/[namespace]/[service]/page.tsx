import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { RoutingEditor } from '@/components/routing/RoutingEditor';
import { serviceExists } from '@/lib/server/page-checks';

type Params = { params: Promise<{ namespace: string; service: string }> };
type Search = { searchParams: Promise<{ cluster?: string | string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { namespace, service } = await params;
  return { title: `Routing · ${service}.${namespace}` };
}

/** The routing editor of one service; 404 for a service the cluster does not have. */
export default async function RoutingPage({
  params,
  searchParams,
}: Params & Search): Promise<ReactNode> {
  const { namespace, service } = await params;
  const { cluster } = await searchParams;
  // An unknown cluster is said by the editor, with what KUBE_CLUSTERS names (not a 404).
  if (
    (await serviceExists(namespace, service, typeof cluster === 'string' ? cluster : undefined)) ===
    false
  )
    notFound();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RoutingEditor namespace={namespace} service={service} />
    </Suspense>
  );
}
