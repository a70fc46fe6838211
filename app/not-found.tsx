import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Not found' };

/** 404: a page, service or trace Meshlens does not have, with the ways back. */
export default function NotFound(): ReactNode {
  return (
    <section className="card empty">
      <h1 className="page-title">Not found</h1>
      <p>
        There is nothing here: the link may be mistyped, or the service, workload or trace it names
        is not in the cluster (any more).
      </p>
      <p>
        <Link href="/">Overview</Link> · <Link href="/graph">Service graph</Link>
      </p>
    </section>
  );
}
