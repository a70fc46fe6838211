'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiClientError, BASE_PATH } from '@/lib/client/api';
import {
  useChanges,
  useGraphLimits,
  useLatency,
  useNamespaces,
  useShownGraph,
  useTrace,
} from '@/lib/client/hooks';
import { toCyElements } from '@/lib/graph-view/cy-elements';
import { delayHighlight } from '@/lib/graph-view/delay';
import { graphPath } from '@/lib/graph-view/links';
import { findElements, parseFilter } from '@/lib/graph-view/find-hide';
import { traceHighlight } from '@/lib/graph-view/trace-highlight';
import { chooseLayout, largestBox } from '@/lib/graph-view/layout-choice';
import { viewStateNotices } from '@/lib/graph-view/view-notices';
import { parseWhatIf, whatIfEdges } from '@/lib/graph-view/what-if';
import { traceHops } from '@/lib/traces/istio';
import {
  availableDurations,
  graphApiQuery,
  latencyApiQuery,
  parseViewState,
  serializeViewState,
  type GraphViewState,
} from '@/lib/graph-view/view-state';
import { CanvasErrorBoundary } from './CanvasErrorBoundary';
import { GraphCanvas } from './GraphCanvas';
import { GraphLegend } from './GraphLegend';
import { GraphSidePanel } from './GraphSidePanel';
import { GraphToolbar } from './GraphToolbar';
import { CompareBanner, FocusBanner, FoldBanner } from './GraphViewBanners';
import { ReplayTimeline } from './ReplayTimeline';
import { TraceBanner } from './TraceBanner';
import { WhatIfBanner } from './WhatIfBanner';
import styles from './GraphView.module.css';

/** The live service graph: toolbar, canvas and side panel, with all view state in the URL. */
export function GraphView(): ReactNode {
  const pathname = usePathname();
  const basePathname = `${BASE_PATH}${pathname}`;
  const search = useSearchParams();
  const searchText = search.toString();
  // The URL is the view state, but Next applies a replaced URL to useSearchParams in a
  // transition: until it does, a controlled checkbox or select would snap back to its old
  // value for a frame. `written` is the query just written, shown at once for as long as the
  // URL it was written over is still the one in effect; a new URL (this change, or
  // back/forward) wins, and an earlier URL coming back means itself.
  const [written, setWritten] = useState<{ over: string; query: string }>();
  if (written && written.over !== searchText) setWritten(undefined);
  const shownQuery = written?.over === searchText ? written.query : searchText;
  const state = useMemo(() => parseViewState(new URLSearchParams(shownQuery)), [shownQuery]);
  const [fitRequest, setFitRequest] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [nowSec, setNowSec] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNowSec(Math.floor(Date.now() / 1000)), 5_000);
    return () => clearInterval(timer);
  }, []);

  // View changes only rewrite the query string: the native history API updates
  // useSearchParams without a server round-trip (pages render per request). Several changes in
  // one tick build on each other through `latest`, not on a URL that has not updated yet.
  const latest = useRef(state);
  const shownSearch = useRef(searchText);
  useEffect(() => {
    latest.current = state;
    shownSearch.current = searchText;
  }, [state, searchText]);
  const update = useCallback(
    (patch: Partial<GraphViewState>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      const query = serializeViewState(next).toString();
      setWritten({ over: shownSearch.current, query });
      window.history.replaceState(null, '', query ? `${basePathname}?${query}` : basePathname);
    },
    [basePathname],
  );

  // Parameters the link carried that the graph could not use: said once, then corrected in
  // the URL, so a mistyped or stale link never fails silently.
  const [notices] = useState(() => viewStateNotices(new URLSearchParams(searchText), state));
  useEffect(() => {
    if (notices.length > 0) update({});
  }, [notices, update]);

  const namespaces = useNamespaces(state.namespaces.length === 0);
  // Selected namespaces the cluster does not have (only Kubernetes can say so; Prometheus'
  // list holds just the namespaces with metrics).
  const missing = useMemo(() => {
    const known = namespaces.data?.source === 'kubernetes' ? namespaces.data.namespaces : undefined;
    return known ? state.namespaces.filter((n) => !known.some((k) => k.name === n)) : [];
  }, [namespaces.data, state.namespaces]);
  const limits = useGraphLimits();
  // With no namespaces in the URL, show those with traffic and write them to the URL. Until
  // some namespace has traffic (a mesh that just started), wait rather than guess.
  const withTraffic = useMemo(
    () => namespaces.data?.namespaces.filter((n) => n.hasTraffic).map((n) => n.name) ?? [],
    [namespaces.data],
  );
  useEffect(() => {
    if (state.namespaces.length === 0 && withTraffic.length > 0)
      update({ namespaces: withTraffic });
  }, [state.namespaces.length, withTraffic, update]);

  const apiQuery = state.namespaces.length ? graphApiQuery(state) : undefined;
  // A replayed moment does not change: refresh only when live.
  const graph = useShownGraph(
    apiQuery,
    {
      hide: state.hide,
      focus: state.focus,
      hops: state.hops,
      fold: state.fold,
      expand: state.expand,
      calls: state.calls,
    },
    state.time === undefined ? state.refresh : 0,
  );
  const shown = graph.data?.shown;
  const visible = shown?.graph;
  // The Delay view: where the requests entering at one node spend their time.
  const latency = useLatency(latencyApiQuery(state), state.time === undefined ? state.refresh : 0);
  // Changes (routing, rollouts): the Delay view cites them, replay goes to them, comparing
  // offers "before the last change".
  const changes = useChanges(state.namespaces);

  // Playing moves the replay time forward `speed` mesh seconds per wall second, in 2 s frames,
  // and returns to live on reaching now.
  useEffect(() => {
    if (!playing || state.time === undefined) return;
    const timer = setTimeout(() => {
      const next = (state.time ?? 0) + 2 * state.speed;
      if (next >= Math.floor(Date.now() / 1000)) {
        setPlaying(false);
        update({ time: undefined });
      } else {
        update({ time: next });
      }
    }, 2_000);
    return () => clearTimeout(timer);
  }, [playing, state.time, state.speed, update]);
  // A trace chosen in the traces panel (or opened from a trace page) lights up its path.
  const shownTrace = useTrace(state.trace);
  // (The app keeps previous query data as a placeholder: check it is this trace's.)
  const shownData = shownTrace.data?.trace.traceId === state.trace ? shownTrace.data : undefined;
  const hops = useMemo(() => (shownData ? traceHops(shownData.trace) : undefined), [shownData]);
  const traced = useMemo(
    () => (visible && hops ? traceHighlight(visible, hops) : undefined),
    [visible, hops],
  );
  // Unapplied weights from the routing editor, drawn on the service's edges.
  const whatIf = useMemo(() => parseWhatIf(state.whatIf ?? null), [state.whatIf]);
  const projection = useMemo(
    () => (visible && whatIf ? whatIfEdges(visible, whatIf) : undefined),
    [visible, whatIf],
  );
  const delay = useMemo(
    () =>
      visible && state.delay && latency.data ? delayHighlight(visible, latency.data) : undefined,
    [visible, state.delay, latency.data],
  );
  const elements = useMemo(() => {
    if (!visible) return undefined;
    const find = parseFilter(state.find);
    return toCyElements(visible, {
      edgeLabel: state.edgeLabel,
      namespaceBoxes: state.namespaceBoxes,
      securityBadges: state.securityBadges,
      found: find.ok ? findElements(visible, find.predicate) : undefined,
      traced,
      whatIf: projection?.projected,
      delay,
    });
  }, [
    visible,
    state.find,
    state.edgeLabel,
    state.namespaceBoxes,
    state.securityBadges,
    traced,
    projection,
    delay,
  ]);
  const graphHref = useMemo(() => graphPath(state), [state]);
  const select = useCallback((id: string | undefined) => update({ selected: id }), [update]);

  const error = graph.error;
  const backend = error instanceof ApiClientError ? error.backend : undefined;
  const stale = Boolean(error && graph.data);
  const empty = shown?.answered === 0;
  const layout = chooseLayout(
    state.layout,
    elements?.nodes.filter((n) => !n.data.isBox).length ?? 0,
    (shown?.folded.length ?? 0) > 0,
    elements && state.namespaceBoxes ? largestBox(elements) : undefined,
  );

  return (
    <div className={styles.graphView}>
      <h1 className="sr-only">Service graph</h1>
      <GraphToolbar
        state={state}
        namespaces={namespaces.data?.namespaces ?? []}
        onChange={update}
        onRefresh={() => void graph.refetch()}
        onFit={() => setFitRequest((n) => n + 1)}
        playing={playing}
        onPlay={setPlaying}
        nowSec={nowSec}
        durations={availableDurations(limits.data?.maxDurationSeconds)}
        refreshing={graph.isFetching}
        latencyPending={graph.latencyPending}
        updatedAt={graph.data?.fetchedAt}
        changes={changes.data?.changes}
      />
      {state.time !== undefined && (
        <ReplayTimeline
          time={state.time}
          nowSec={nowSec}
          changes={changes.data?.changes}
          onSeek={(time) => update({ time: Math.min(time, nowSec) })}
        />
      )}
      {namespaces.error && !namespaces.data && (
        <p className="banner banner-error" role="alert">
          {namespaces.error.message}
        </p>
      )}
      {error && (
        <p className="banner banner-error" role="alert" data-backend={backend}>
          {stale ? 'Refresh failed; showing the last good graph. ' : ''}
          {error.message}
        </p>
      )}
      {notices.length > 0 && (
        <div className="banner banner-warning" role="status" aria-label="Link corrected">
          {notices.map((notice) => (
            <p key={notice}>{notice}</p>
          ))}
        </div>
      )}
      {shown?.focused && (
        <FocusBanner
          node={shown.focused}
          shown={shown.unfolded}
          hops={state.hops}
          onChange={update}
        />
      )}
      {state.compare && shown && shown.graph.comparedTo !== undefined && (
        <CompareBanner
          comparedTo={shown.graph.comparedTo}
          counts={shown.compared}
          compare={state.compare}
          onChange={update}
        />
      )}
      {shown && shown.folded.length > 0 && (
        <FoldBanner
          folded={shown.folded.length}
          nodes={shown.unfolded}
          thinned={shown.thinned}
          calls={state.calls}
          onChange={update}
        />
      )}
      {layout.notice && (
        <p className="banner banner-warning" role="status">
          {layout.notice}
        </p>
      )}
      {missing.length > 0 && (
        <p className="banner banner-warning" role="status">
          No namespace {missing.join(', ')} in the cluster.
        </p>
      )}
      {whatIf && projection && (
        <WhatIfBanner
          whatIf={whatIf}
          projection={projection}
          onClear={() => update({ whatIf: undefined })}
        />
      )}
      {state.trace && (
        <TraceBanner
          traceId={state.trace}
          trace={shownTrace}
          highlight={traced}
          graphHref={graphHref}
          onClear={() => update({ trace: undefined })}
        />
      )}
      {[...(visible?.warnings ?? []), ...(namespaces.data?.warnings ?? [])].map((w) => (
        <p key={w} className="banner banner-warning" role="status">
          {w}
        </p>
      ))}
      <div className={styles.graphBody}>
        <div className={styles.graphMain}>
          {!apiQuery && !namespaces.error && (
            <p className="graph-message muted">
              {namespaces.isPending
                ? 'Loading namespaces…'
                : 'No namespace has Istio traffic yet (checking every 5 s). Select namespaces to graph them anyway.'}
            </p>
          )}
          {apiQuery && graph.isPending && <p className="graph-message muted">Loading graph…</p>}
          {empty && (
            <div className="graph-message card empty">
              <strong>
                {missing.length === state.namespaces.length
                  ? `No namespace ${missing.join(', ')} in the cluster.`
                  : `No traffic in ${state.namespaces.join(', ')} over the last ${state.duration}.`}
              </strong>
              <p className="muted">
                {missing.length === state.namespaces.length
                  ? 'Choose namespaces the cluster has with the namespace picker above.'
                  : 'Prometheus holds no Istio request or TCP metrics for these namespaces in this window. Pick a longer duration, turn on idle nodes to see workloads without traffic, or check that Prometheus scrapes the sidecars.'}
              </p>
            </div>
          )}
          {elements && !empty && (
            <CanvasErrorBoundary resetKey={`${layout.layout} ${apiQuery ?? ''}`}>
              <GraphCanvas
                // A renderer is chosen when Cytoscape starts: switching starts a new canvas.
                key={state.webgl ? 'webgl' : 'canvas'}
                webgl={state.webgl}
                elements={elements}
                layout={layout.layout}
                selected={state.selected}
                onSelect={select}
                fitRequest={fitRequest}
                stale={stale}
              />
            </CanvasErrorBoundary>
          )}
          <GraphLegend />
        </div>
        {shown && !empty && (
          <GraphSidePanel
            graph={shown.graph}
            totals={shown.totals}
            selected={state.selected}
            onSelect={select}
            window={{ duration: state.duration, time: state.time }}
            refreshSeconds={state.refresh}
            state={state}
            onChange={update}
            nowSec={graph.data ? Math.floor(graph.data.fetchedAt / 1000) : nowSec}
            graphHref={graphHref}
            latency={state.delay ? latency : undefined}
            changes={changes.data}
          />
        )}
      </div>
    </div>
  );
}
