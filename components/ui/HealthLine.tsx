import type { ReactNode } from 'react';
import type { NodeData } from '@/lib/contracts/graph';
import { healthDot } from '@/lib/format';

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
    <p className="health-line">
      <span className={`dot dot-${healthDot(health.status)}`} aria-hidden="true" />
      <strong>{text}</strong>
      {health.reason && <span className="muted"> · {health.reason}</span>}
    </p>
  );
}
