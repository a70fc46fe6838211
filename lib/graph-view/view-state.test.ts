import { describe, expect, it } from 'vitest';
import { graphParamsSchema, MAX_GRAPH_NAMESPACES } from '../contracts/graph-params';
import {
  availableDurations,
  DURATIONS,
  durationSeconds,
  compareBefore,
  compareChoices,
  compareText,
  DEFAULT_VIEW,
  graphApiQuery,
  latencyApiQuery,
  parseViewState,
  serializeViewState,
} from './view-state';

describe('graph view state in the URL', () => {
  it('round-trips every setting', () => {
    const state = {
      ...DEFAULT_VIEW,
      namespaces: ['bookinfo', 'shop'],
      graphType: 'workload' as const,
      duration: '5m' as const,
      refresh: 0 as const,
      edgeLabel: 'responseTime' as const,
      serviceNodes: false,
      namespaceBoxes: false,
      idle: true,
      securityBadges: true,
      layout: 'cose' as const,
      find: 'rps > 10 AND %err >= 5',
      hide: 'ns=istio-system',
      selected: 'workload/bookinfo/reviews-v2',
      time: 1_795_000_000,
      speed: 60 as const,
    };
    expect(parseViewState(serializeViewState(state))).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(serializeViewState({ ...DEFAULT_VIEW, namespaces: ['bookinfo'] }).toString()).toBe(
      'namespaces=bookinfo',
    );
  });

  it('falls back to defaults for unknown values and drops invalid namespaces', () => {
    const state = parseViewState(
      new URLSearchParams('namespaces=bookinfo,Bad_NS,"x"&graphType=mesh&refresh=7&layout=grid'),
    );
    expect(state).toEqual({ ...DEFAULT_VIEW, namespaces: ['bookinfo'] });
  });

  it('reads Grafana from/to as window and replay time', () => {
    const now = Date.UTC(2026, 10, 24, 10, 0, 0);
    expect(parseViewState(new URLSearchParams('from=now-1h&to=now'), now)).toMatchObject({
      duration: '1h',
      time: undefined,
    });
    expect(parseViewState(new URLSearchParams('from=now-20m&to=now-10m'), now)).toMatchObject({
      duration: '10m',
      time: now / 1000 - 600,
    });
    expect(
      parseViewState(new URLSearchParams(`from=${now - 90_000}&to=${now - 30_000}`), now),
    ).toMatchObject({ duration: '1m', time: now / 1000 - 30 });
    expect(parseViewState(new URLSearchParams('from=yesterday&to=now'), now)).toMatchObject({
      duration: '1m',
      time: undefined,
    });
  });

  it('offers only the durations Prometheus keeps data for', () => {
    expect(availableDurations(3 * 3600)).toEqual(['15s', '1m', '5m', '10m', '30m', '1h', '3h']);
    expect(availableDurations(30)).toEqual(['15s', '1m']);
    expect(availableDurations(undefined)).toHaveLength(11);
  });

  it('builds the API query from the view', () => {
    expect(graphApiQuery({ ...DEFAULT_VIEW, namespaces: ['a', 'b'], serviceNodes: false })).toBe(
      'namespaces=a%2Cb&graphType=versionedApp&duration=1m&injectServiceNodes=false&includeIdle=false',
    );
    expect(graphApiQuery({ ...DEFAULT_VIEW, namespaces: ['a'], time: 1700000000 })).toContain(
      '&queryTime=1700000000',
    );
  });

  it('keeps the ambient choices in the URL and asks the API for them when not the defaults', () => {
    const view = parseViewState(
      new URLSearchParams('namespaces=travel&ambientTraffic=waypoint&waypoints=true'),
    );
    expect(view).toMatchObject({ ambientTraffic: 'waypoint', waypoints: true });
    expect(serializeViewState(view).toString()).toContain('ambientTraffic=waypoint&waypoints=true');
    const api = new URLSearchParams(graphApiQuery(view));
    expect([api.get('ambientTraffic'), api.get('waypoints')]).toEqual(['waypoint', 'true']);
    const plain = new URLSearchParams(graphApiQuery(DEFAULT_VIEW));
    expect(plain.has('ambientTraffic') || plain.has('waypoints')).toBe(false);
    expect(parseViewState(new URLSearchParams('ambientTraffic=all')).ambientTraffic).toBe('total');
  });

  it('keeps the gRPC rate in the URL and asks the API for messages only when chosen', () => {
    const view = parseViewState(new URLSearchParams('namespaces=shop&grpcRate=received'));
    expect(view.grpcRate).toBe('received');
    expect(serializeViewState(view).get('grpcRate')).toBe('received');
    expect(new URLSearchParams(graphApiQuery(view)).get('grpcRate')).toBe('received');
    expect(new URLSearchParams(graphApiQuery(DEFAULT_VIEW)).has('grpcRate')).toBe(false);
    expect(parseViewState(new URLSearchParams('grpcRate=bytes')).grpcRate).toBe('requests');
  });
});

describe('the URL state and /api/graph read parameters alike', () => {
  it('every toolbar duration is one the API takes, in the same seconds', () => {
    for (const duration of DURATIONS) {
      const params = graphParamsSchema.parse({ namespaces: 'a', duration });
      expect(params.duration, duration).toBe(durationSeconds(duration));
    }
  });

  it('the API answers every view the URL can hold', () => {
    const many = Array.from({ length: MAX_GRAPH_NAMESPACES + 5 }, (_, i) => `ns-${1000 + i}`);
    const view = parseViewState(
      new URLSearchParams({ namespaces: [...many, 'Bad_NS', 'x'.repeat(64)].join(',') }),
    );
    expect(view.namespaces).toHaveLength(MAX_GRAPH_NAMESPACES);
    const query = Object.fromEntries(new URLSearchParams(graphApiQuery(view)));
    expect(graphParamsSchema.safeParse(query).success).toBe(true);
  });
});

describe('the Delay view in the URL', () => {
  it('keeps its entry and baseline, drops what could not be a node id, and asks the API', () => {
    const state = parseViewState(
      new URLSearchParams(
        'namespaces=bookinfo&delay=app/bookinfo/productpage/v1&compare=1h&delayFrom=traces',
      ),
    );
    expect(state).toMatchObject({
      delay: 'app/bookinfo/productpage/v1',
      compare: '1h',
      delayFrom: 'traces',
    });
    expect(parseViewState(serializeViewState(state))).toEqual(state);
    expect(Object.fromEntries(new URLSearchParams(latencyApiQuery(state)))).toEqual({
      namespaces: 'bookinfo',
      graphType: 'versionedApp',
      duration: '1m',
      entry: 'app/bookinfo/productpage/v1',
      compareTo: '1h',
      source: 'traces',
    });
    const odd = parseViewState(new URLSearchParams('namespaces=a&delay=x"}&compare=2y'));
    expect(odd).toMatchObject({ delay: undefined, compare: '' });
    expect(latencyApiQuery(odd)).toBeUndefined();
    const auto = parseViewState(new URLSearchParams('namespaces=a&delay=auto&graphType=service'));
    expect(new URLSearchParams(latencyApiQuery(auto)).get('entry')).toBeNull();
    expect(new URLSearchParams(latencyApiQuery(auto)).get('graphType')).toBe('versionedApp');
  });
});

describe('comparing with before a change', () => {
  it('takes any duration from a minute to 30 days, offers it beside the usual ones', () => {
    expect(parseViewState(new URLSearchParams('compare=27m')).compare).toBe('27m');
    expect(parseViewState(new URLSearchParams('compare=30s')).compare).toBe('');
    expect(parseViewState(new URLSearchParams('compare=31d')).compare).toBe('');
    expect(compareChoices('27m')).toEqual(['', '5m', '1h', '1d', '27m']);
    expect(compareChoices('1h')).toEqual(['', '5m', '1h', '1d']);
    expect(compareText('1h')).toBe('1 hour before');
    expect(compareText('27m')).toBe('27m before');
  });

  it('ends the baseline window at the change, a moment that stays put', () => {
    expect(compareBefore(1_764_900_000)).toBe('1764900000');
    const state = parseViewState(new URLSearchParams('namespaces=a&compare=1764900000'));
    expect(state.compare).toBe('1764900000');
    expect(new URLSearchParams(graphApiQuery(state)).get('compareTo')).toBe('1764900000');
    expect(compareText('1764900000')).toBe('at 02:00 UTC');
    expect(compareChoices('1764900000')).toEqual(['', '5m', '1h', '1d', '1764900000']);
    // Unix seconds, not any number: a short one is neither a duration nor a moment.
    expect(parseViewState(new URLSearchParams('compare=12')).compare).toBe('');
  });
});
