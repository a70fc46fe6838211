import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { syntheticTopology } from './synthetic';
import { findWorkload } from './topology';
import { simulateRequest } from './traffic';

const mesh = (services: number, seed = 1) =>
  syntheticTopology({ services, namespaces: Math.ceil(services / 20), seed });

describe('syntheticTopology', () => {
  it('is the same mesh for the same seed, another for another', () => {
    expect(mesh(200)).toEqual(mesh(200));
    expect(mesh(200, 2)).not.toEqual(mesh(200));
  });

  it('has every service, 1–3 versions each, spread over the namespaces, names unique', () => {
    const topology = mesh(1000);
    const services = new Set(topology.workloads.map((w) => `${w.namespace}/${w.service}`));
    expect(services.size).toBe(1001); // and the ingress gateway
    const names = topology.workloads.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
    const namespaces = new Set(topology.workloads.map((w) => w.namespace));
    expect(namespaces.size).toBe(51); // mesh-01 … mesh-50, istio-system
    const versions = new Map<string, number>();
    for (const w of topology.workloads) versions.set(w.service, (versions.get(w.service) ?? 0) + 1);
    expect(Math.max(...versions.values())).toBe(3);
    expect(topology.workloads.some((w) => w.protocol === 'tcp')).toBe(true);
    for (const w of topology.workloads) expect(w.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('calls only existing workloads, downwards (no cycles), and leaves no service uncalled', () => {
    const topology = mesh(500);
    const called = new Set<string>();
    for (const call of topology.calls)
      for (const to of call.to) {
        expect(() => findWorkload(topology, to.workload)).not.toThrow();
        called.add(findWorkload(topology, to.workload).service);
      }
    for (const w of topology.workloads)
      if (w.name !== topology.entry) expect(called).toContain(w.service);
    // Depth-first from the entry: a workload met again on its own path would be a cycle.
    const onPath = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string): void => {
      expect(onPath.has(name)).toBe(false);
      if (done.has(name)) return;
      onPath.add(name);
      for (const call of topology.calls.filter((c) => c.from === name))
        for (const to of call.to) visit(to.workload);
      onPath.delete(name);
      done.add(name);
    };
    visit(topology.entry);
    expect(done.size).toBe(topology.workloads.length);
  });

  it('speaks HTTP, gRPC (some of it streaming) and TCP, each gRPC service called by someone', () => {
    const topology = mesh(200);
    const grpc = topology.workloads.filter((w) => w.protocol === 'grpc');
    expect(grpc.length).toBeGreaterThan(10);
    expect(grpc.every((w) => w.port === 9090)).toBe(true);
    expect(grpc.some((w) => (w.responseMessages ?? 1) > 1)).toBe(true);
    expect(topology.workloads.some((w) => w.protocol === 'http')).toBe(true);
    expect(topology.workloads.some((w) => w.protocol === 'tcp')).toBe(true);
    const called = new Set(topology.calls.flatMap((c) => c.to.map((t) => t.workload)));
    expect(grpc.every((w) => called.has(w.name))).toBe(true);
  });

  it('has hubs: a few services are called from many', () => {
    const topology = mesh(1000);
    const callers = new Map<string, Set<string>>();
    for (const call of topology.calls) {
      const to = findWorkload(topology, call.to[0]?.workload ?? '').service;
      const from = findWorkload(topology, call.from).service;
      callers.set(to, (callers.get(to) ?? new Set()).add(from));
    }
    const counts = [...callers.values()].map((s) => s.size).sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThanOrEqual(20);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(3);
  });

  it('keeps a request small however large the mesh: a few hops on average', () => {
    const random = seededRandom(7);
    for (const size of [100, 1000]) {
      const topology = mesh(size);
      let hops = 0;
      for (let i = 0; i < 2000; i += 1)
        hops += simulateRequest(topology, random, { errorRate: 0 }).length;
      expect(hops / 2000).toBeGreaterThan(2);
      expect(hops / 2000).toBeLessThan(15);
    }
  });
});
