import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { IstioConfigList } from '@/components/istio/IstioConfigList';

export const metadata: Metadata = { title: 'Istio config' };

/** Every Istio and Gateway API object, with what is wrong with it. */
export default function IstioConfigPage(): ReactNode {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <IstioConfigList />
    </Suspense>
  );
}
