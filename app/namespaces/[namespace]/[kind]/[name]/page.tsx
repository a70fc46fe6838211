import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { EntityPage } from '@/components/entity/EntityPage';
import { ENTITY_KINDS, ENTITY_SEGMENT, entityTargetSchema } from '@/lib/contracts/entities';
import { KIND_TEXT } from '@/lib/entity-view/entity-links';

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

/** The kind a path segment names (`workloads` → workload), or undefined. */
const kindOf = (segment: string) => ENTITY_KINDS.find((k) => ENTITY_SEGMENT[k] === segment);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { namespace, kind, name } = await params;
  const entity = kindOf(kind);
  return { title: entity ? `${KIND_TEXT[entity]} ${name} · ${namespace}` : 'Not found' };
}

/**
 * `/namespaces/{namespace}/{apps|workloads|services}/{name}`: an entity's page. A path that
 * cannot name one is a 404; one Kubernetes does not know is said on the page, whose metrics
 * and traces may still have something to show (a workload that has just gone).
 */
export default async function Page({ params }: Params): Promise<ReactNode> {
  const { namespace, kind, name } = await params;
  const entity = kindOf(kind);
  if (!entity || !entityTargetSchema.safeParse({ namespace, name }).success) notFound();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <EntityPage kind={entity} namespace={namespace} name={name} />
    </Suspense>
  );
}
