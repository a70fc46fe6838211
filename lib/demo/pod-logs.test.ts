import { describe, expect, it } from 'vitest';
import { checkPodLogRequest } from './kube/pod-log';
import { DEFAULT_DEMO_AUTH } from './kube/auth';
import { podNameOf, seedTopology } from './kube/seed';
import { ObjectStore } from './kube/store';
import { PodLogs } from './pod-logs';
import { seededRandom } from './random';
import { BOOKINFO_TOPOLOGY, findWorkload, withAmbientTravel } from './topology';
import { simulateRequest } from './traffic';
import { TraceRecorder } from './tracing/recorder';

const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);
const topology = withAmbientTravel(BOOKINFO_TOPOLOGY);
const pod = (name: string) => podNameOf(findWorkload(topology, name));

/** Istio's default access-log format, field by field (see pod-logs.ts). */
const ACCESS_LINE =
  /^\[(\S+)\] "(GET|POST) (\S+) (HTTP\/1\.1|HTTP\/2)" (\d+) (\S+) (\S+) - "-" (\d+) (\d+) (\d+) (\S+) "-" "[^"]*" "([0-9a-f-]{36})" "(\S+)" "(\S+)" (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)$/;

function recordRequests(count: number) {
  const traffic = seededRandom(3);
  const traces = new TraceRecorder({
    topology,
    random: seededRandom(4),
    samplingRate: 1,
    capacity: 1000,
  });
  const logs = new PodLogs(topology);
  for (let i = 0; i < count; i += 1) {
    const at = T0 + i * 100;
    const hops = simulateRequest(topology, traffic, { errorRate: 0 });
    logs.record(hops, at, traces.record(hops, at));
  }
  return { logs, traces };
}

describe('PodLogs', () => {
  it("writes Istio's default access log on both proxies, with the trace's x-request-id", () => {
    const { logs, traces } = recordRequests(40);
    const inbound = logs
      .read(pod('reviews-v2'), 'istio-proxy')
      .filter((l) => l.text.includes('inbound|9080||'));
    expect(inbound.length).toBeGreaterThan(0);
    const line = inbound[0]!;
    const fields = ACCESS_LINE.exec(line.text);
    expect(fields, line.text).not.toBeNull();
    const [, start, method, path, , code, flags, details, , , , , requestId, authority] = fields!;
    expect([start, method, path, code, flags, details, authority]).toEqual([
      new Date(line.atMs).toISOString(),
      'GET',
      '/reviews/0',
      '200',
      '-',
      'via_upstream',
      'reviews.bookinfo:9080',
    ]);
    // The same request id is on the trace's spans, and on productpage's outbound line.
    const search = traces.search({
      service: 'reviews.bookinfo',
      startUs: 0,
      endUs: Number.MAX_SAFE_INTEGER,
      tags: { 'guid:x-request-id': requestId! },
      limit: 5,
    });
    expect(search).toHaveLength(1);
    const outbound = logs.read(pod('productpage-v1'), 'istio-proxy');
    expect(
      outbound.some(
        (l) =>
          l.text.includes(requestId!) &&
          l.text.includes('outbound|9080|v2|reviews.bookinfo.svc.cluster.local'),
      ),
    ).toBe(true);
  });

  it("writes the app container's own line per request it served, and no proxy log for an ambient pod", () => {
    const { logs } = recordRequests(40);
    const app = logs.read(pod('ratings-v1'), 'ratings');
    expect(app.length).toBeGreaterThan(0);
    expect(app[0]!.text).toMatch(/ INFO {2}GET \/ratings\/0 200 \d+ms request_id=[0-9a-f-]{36}$/);
    const ambient = topology.workloads.find((w) => w.dataplane === 'ambient' && !w.isWaypoint)!;
    expect(logs.containersOf(podNameOf(ambient))).toEqual([ambient.app]);
    expect(logs.containersOf(pod('istio-ingressgateway'))).toEqual(['istio-proxy']);
    expect(logs.containersOf('no-such-pod')).toBeUndefined();
  });

  it('keeps lines in order and honours tailLines and a start moment', () => {
    const { logs } = recordRequests(40);
    const all = logs.read(pod('istio-ingressgateway'), 'istio-proxy');
    expect(all.length).toBeGreaterThan(30);
    expect(all.map((l) => l.atMs)).toEqual([...all.map((l) => l.atMs)].sort((a, b) => a - b));
    expect(logs.read(pod('istio-ingressgateway'), 'istio-proxy', { tailLines: 3 })).toEqual(
      all.slice(-3),
    );
    expect(logs.read(pod('istio-ingressgateway'), 'istio-proxy', { tailLines: 0 })).toEqual([]);
    const since = all[10]!.atMs;
    expect(logs.read(pod('istio-ingressgateway'), 'istio-proxy', { sinceMs: since })).toEqual(
      all.filter((l) => l.atMs >= since),
    );
  });

  it('tells followers each new line of their container only', () => {
    const logs = new PodLogs(topology);
    const followed: string[] = [];
    const stop = logs.follow(pod('details-v1'), 'details', (l) => followed.push(l.text));
    const traffic = seededRandom(5);
    const traces = new TraceRecorder({
      topology,
      random: seededRandom(6),
      samplingRate: 0,
      capacity: 0,
    });
    for (let i = 0; i < 10; i += 1) {
      const hops = simulateRequest(topology, traffic, { errorRate: 0 });
      logs.record(hops, T0 + i * 100, traces.record(hops, T0 + i * 100));
    }
    expect(followed).toEqual(logs.read(pod('details-v1'), 'details').map((l) => l.text));
    expect(followed.length).toBeGreaterThan(0);
    stop();
    const count = followed.length;
    const hops = simulateRequest(topology, traffic, { errorRate: 0 });
    logs.record(hops, T0 + 2000, traces.record(hops, T0 + 2000));
    expect(followed).toHaveLength(count);
  });
});

describe('the pods/log subresource', () => {
  const store = new ObjectStore({ now: () => new Date(T0), newUid: () => 'uid' });
  seedTopology(store, topology, new Date(T0));
  const logs = new PodLogs(topology);
  const check = (url: string, token?: string) =>
    checkPodLogRequest(
      store,
      {
        method: 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: '',
      },
      (p) => logs.containersOf(p),
      token === undefined ? undefined : DEFAULT_DEMO_AUTH,
    );
  const path = `/api/v1/namespaces/bookinfo/pods/${pod('reviews-v2')}/log`;

  it('reads the options a valid request asks for', () => {
    expect(check(`${path}?container=istio-proxy&follow=true&tailLines=10&sinceSeconds=60`)).toEqual(
      {
        namespace: 'bookinfo',
        pod: pod('reviews-v2'),
        container: 'istio-proxy',
        follow: true,
        timestamps: false,
        tailLines: 10,
        sinceSeconds: 60,
        limitBytes: undefined,
      },
    );
    // One container needs no name.
    expect(
      check(`/api/v1/namespaces/istio-system/pods/${pod('istio-ingressgateway')}/log`),
    ).toMatchObject({
      container: 'istio-proxy',
    });
  });

  it('answers as the API server does when the request is wrong', () => {
    const status = (url: string, token?: string): [number, string] => {
      const result = check(url, token);
      if (!('status' in result)) throw new Error(`${url} was accepted`);
      return [result.status, (result.body as { message: string }).message];
    };
    expect(status(path)).toEqual([
      400,
      `a container name must be specified for pod ${pod('reviews-v2')}, choose one of: [reviews istio-proxy]`,
    ]);
    expect(status(`${path}?container=nope`)).toEqual([
      400,
      `container nope is not valid for pod ${pod('reviews-v2')}`,
    ]);
    expect(status(`${path}?container=reviews&tailLines=-1`)[0]).toBe(422);
    expect(status(`${path}?container=reviews&sinceSeconds=0`)[0]).toBe(422);
    expect(status(`${path}?container=reviews&tailLines=ten`)[0]).toBe(400);
    expect(status('/api/v1/namespaces/bookinfo/pods/gone-pod/log')).toEqual([
      404,
      'pods "gone-pod" not found',
    ]);
    // RBAC: the viewer may read logs (get on pods/log); an unknown token may not.
    expect(check(`${path}?container=reviews`, 'demo-viewer-token')).toMatchObject({
      container: 'reviews',
    });
    expect(status(`${path}?container=reviews`, 'bad-token')[0]).toBe(401);
  });
});
