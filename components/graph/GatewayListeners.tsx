'use client';

import type { ReactNode } from 'react';
import type { GatewayInfo } from '@/lib/contracts/graph';
import { certificateText, expiresSoon } from '@/lib/graph-view/certificate-text';
import styles from './GraphNodeDetails.module.css';

/** The gateways a node serves: each listener's port, protocol, hostnames and certificate. */
export function GatewayListeners({ gateways }: { gateways: readonly GatewayInfo[] }): ReactNode {
  const nowSec = Date.now() / 1000;
  return gateways.map((gateway) => {
    const title = `${gateway.api === 'istio' ? 'Istio Gateway' : 'Gateway API Gateway'} ${gateway.namespace}/${gateway.name}`;
    return (
      <section key={title} className={styles.gateway} aria-label={title}>
        <h4>{title}</h4>
        <ul className={styles.listeners} aria-label={`Listeners of ${title}`}>
          {gateway.listeners.map((l, i) => {
            const soon = expiresSoon(l, nowSec);
            return (
              <li key={i}>
                <strong>
                  {l.port} {l.protocol}
                </strong>
                {l.name ? <span className="muted"> ({l.name})</span> : null} · hosts{' '}
                {l.hostnames.join(', ')}
                {l.tls && (
                  <div className={soon ? styles.expiring : 'muted'}>
                    TLS {l.tls.mode} · {certificateText(l, nowSec)}
                    {soon && <strong> · renew it</strong>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    );
  });
}
