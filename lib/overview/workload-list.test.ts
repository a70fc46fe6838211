import { describe, expect, it } from 'vitest';
import type { Overview, OverviewWorkload } from '../contracts/overview';
import { workloadRows } from './workload-list';

const workload = (
  namespace: string,
  name: string,
  figures: Partial<OverviewWorkload> = {},
): OverviewWorkload => ({
  namespace,
  name,
  app: name.split('-')[0],
  version: name.split('-')[1],
  inboundRps: 0,
  errorPercent: 0,
  tcpBytesPerSecond: 0,
  health: { status: 'na' },
  ...figures,
});

const overview: Overview = {
  timestamp: 0,
  windowSeconds: 60,
  warnings: [],
  namespaces: [
    {
      name: 'bookinfo',
      workloads: [
        workload('bookinfo', 'details-v1', { inboundRps: 3, p95Ms: 4 }),
        workload('bookinfo', 'reviews-v2', { inboundRps: 1, errorPercent: 5, p95Ms: 30 }),
        workload('bookinfo', 'reviews-v3', { inboundRps: 1, p95Ms: 40 }),
      ],
    },
    { name: 'travel', workloads: [workload('travel', 'bookings-v1', { inboundRps: 2 })] },
  ],
};

const names = (rows: OverviewWorkload[]) => rows.map((w) => w.name);

describe('the workloads list', () => {
  it('lists every namespace’s workloads by name, or the chosen namespaces’', () => {
    expect(names(workloadRows(overview, {}))).toEqual([
      'bookings-v1',
      'details-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(names(workloadRows(overview, { namespaces: ['travel'] }))).toEqual(['bookings-v1']);
  });

  it('sorts figures largest first by default, ties by name, and either way on request', () => {
    expect(names(workloadRows(overview, { sort: 'rps' }))).toEqual([
      'details-v1',
      'bookings-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    // No requests, no p95: last largest first, first smallest first.
    expect(names(workloadRows(overview, { sort: 'p95' }))).toEqual([
      'reviews-v3',
      'reviews-v2',
      'details-v1',
      'bookings-v1',
    ]);
    expect(names(workloadRows(overview, { sort: 'errors', descending: false }))[3]).toBe(
      'reviews-v2',
    );
    expect(names(workloadRows(overview, { sort: 'name', descending: true }))[0]).toBe('reviews-v3');
  });

  it('finds by name, app or version, any case', () => {
    expect(names(workloadRows(overview, { text: 'REVIEWS' }))).toEqual([
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(names(workloadRows(overview, { text: 'v3' }))).toEqual(['reviews-v3']);
  });
});
