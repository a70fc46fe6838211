import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { ConfigObjectPage } from '@/components/istio/ConfigObjectPage';
import { configObjectTargetSchema } from '@/lib/contracts/istio-config';

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { kind, name } = await params;
  return { title: `${kind} ${name}` };
}

/** `/istio/{namespace}/{kind}/{name}`: one Istio object's page; 404 for a path that cannot name one. */
export default async function Page({ params }: Params): Promise<ReactNode> {
  const target = configObjectTargetSchema.safeParse(await params);
  if (!target.success) notFound();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ConfigObjectPage target={target.data} />
    </Suspense>
  );
}
