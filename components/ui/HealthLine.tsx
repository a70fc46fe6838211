import type { ReactNode } from 'react';
import type { NodeData } from '@/lib/contracts/graph';
import { healthDot } from '@/lib/format';
import styles from './HealthLine.module.css';

/** A health status with its reason, as a coloured dot and text. */
export function HealthLine({ health }: { health: NodeData['health'] }): ReactNode {
  const text = {
    healthy: 'Healthy',
    degraded: 'Degraded',
    failure: 'Failure',
    notReady: 'Not ready',
    na: 'No health data',
  }[health.status];
  return (
    <p className={styles.healthLine}>
      <span className={`dot dot-${healthDot(health.status)}`} aria-hidden="true" />
      <strong>{text}</strong>
      {health.reason && <span className="muted"> · {health.reason}</span>}
    </p>
  );
}
