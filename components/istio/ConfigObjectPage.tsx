'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useConfigObject } from '@/lib/client/hooks';
import type { ConfigObjectTarget } from '@/lib/contracts/istio-config';
import { entityPath } from '@/lib/entity-view/entity-links';
import { routingHref } from '@/lib/graph-view/links';
import { KIND_TEXT } from '@/lib/validations/config-list';
import { QueryNotices } from '../ui/QueryNotices';
import { ConfigChecks, ConfigStatus } from './ConfigChecks';
import styles from './IstioConfigList.module.css';

const ROUTING_KINDS = new Set(['VirtualService', 'DestinationRule', 'HTTPRoute']);

/**
 * One Istio or Gateway API object: its validation with every check and what to change, the
 * Services it is about (each opening its page), its spec as read, and, for a routing object,
 * the routing editor of its service.
 */
export function ConfigObjectPage({ target }: { target: ConfigObjectTarget }): ReactNode {
  const object = useConfigObject(target);
  const data = object.data;
  const service = data?.item.service;
  return (
    <article aria-labelledby="object-heading">
      <nav className="back" aria-label="Breadcrumb">
        <Link href={`/istio?namespaces=${encodeURIComponent(target.namespace)}`}>Istio config</Link>{' '}
        / {target.namespace}
      </nav>
      <h1 id="object-heading" className="page-title">
        {KIND_TEXT[target.kind]} {target.name}
      </h1>
      <QueryNotices
        isPending={object.isPending}
        error={object.error}
        hasData={data !== undefined}
        loading={`Loading ${target.kind} ${target.name}…`}
      />
      {data && (
        <>
          <section className="card" aria-label="Validation">
            <p>
              <ConfigStatus item={data.item} />
            </p>
            <ConfigChecks item={data.item} />
            <dl className="facts" style={{ maxWidth: 560 }}>
              <div>
                <dt>About</dt>
                <dd>
                  {data.services.length
                    ? data.services.map((s, i) => (
                        <span key={`${s.namespace}/${s.name}`}>
                          {i > 0 && ', '}
                          <Link href={entityPath('service', s.namespace, s.name)}>
                            {s.namespace === target.namespace ? s.name : `${s.namespace}/${s.name}`}
                          </Link>
                        </span>
                      ))
                    : 'no Service in particular (the namespace, the mesh, or hosts outside it)'}
                </dd>
              </div>
              {data.item.createdSec !== undefined && (
                <div>
                  <dt>Created</dt>
                  <dd>
                    {new Date(data.item.createdSec * 1000).toISOString().replace('.000Z', 'Z')}
                  </dd>
                </div>
              )}
            </dl>
            {service && ROUTING_KINDS.has(target.kind) && (
              <p>
                <Link href={routingHref({ namespace: service.namespace, service: service.name })}>
                  Edit the routing of {service.name}
                </Link>
              </p>
            )}
          </section>
          <section className="section" aria-label="Spec">
            <h2 className="section-title">spec</h2>
            <pre className={styles.yaml}>{data.specYaml}</pre>
          </section>
        </>
      )}
    </article>
  );
}
