'use client';

import type { ReactNode } from 'react';
import { GRAPH_TYPES, type GraphType } from '@/lib/contracts/graph';
import {
  AMBIENT_TRAFFIC,
  GRPC_RATES,
  type AmbientTraffic,
  type GrpcRate,
} from '@/lib/contracts/graph-params';
import type { Change } from '@/lib/contracts/changes';
import type { NamespacesResponse } from '@/lib/contracts/namespaces';
import { LAYOUT_TEXT } from '@/lib/graph-view/layout-choice';
import {
  compareText,
  EDGE_LABELS,
  LAYOUTS,
  REFRESHES,
  type GraphViewState,
} from '@/lib/graph-view/view-state';
import { CompareControls } from './CompareControls';
import { FilterInput } from '../ui/FilterInput';
import { NamespacePicker } from '../ui/NamespacePicker';
import { ReplayControls } from './ReplayControls';
import styles from './GraphToolbar.module.css';
import picker from '@/components/ui/picker.module.css';

const GRAPH_TYPE_TEXT: Record<GraphType, string> = {
  versionedApp: 'Versioned app graph',
  app: 'App graph',
  workload: 'Workload graph',
  service: 'Service graph',
};
const EDGE_LABEL_TEXT: Record<GraphViewState['edgeLabel'], string> = {
  none: 'No edge labels',
  rps: 'Request rate',
  percent: '% of requests',
  responseTime: 'Response time (p95)',
  throughput: 'Throughput',
  mtls: 'mTLS %',
};
const AMBIENT_TRAFFIC_TEXT: Record<AmbientTraffic, string> = {
  total: 'Waypoint and ztunnel',
  waypoint: 'Waypoint (requests)',
  ztunnel: 'ztunnel (connections)',
  none: 'None (sidecars only)',
};
const GRPC_RATE_TEXT: Record<GrpcRate, string> = {
  requests: 'Requests',
  sent: 'Messages sent',
  received: 'Messages received',
  total: 'Messages, both ways',
};
const refreshText = (seconds: number): string =>
  seconds === 0 ? 'Paused' : seconds < 60 ? `Every ${seconds}s` : `Every ${seconds / 60}m`;

export interface GraphToolbarProps {
  state: GraphViewState;
  namespaces: NamespacesResponse['namespaces'];
  onChange: (patch: Partial<GraphViewState>) => void;
  onRefresh: () => void;
  onFit: () => void;
  refreshing: boolean;
  /** The graph shown is the traffic alone; its response times are still on their way. */
  latencyPending: boolean;
  updatedAt: number | undefined;
  playing: boolean;
  onPlay: (playing: boolean) => void;
  /** Changes in the namespaces: moments to replay and to compare with. */
  changes?: readonly Change[];
  nowSec: number;
  /** The windows on offer: those Prometheus keeps data for. */
  durations: readonly GraphViewState['duration'][];
}

/** One choice among a few, as a group in a menu (the Display menu's rates). */
function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  text,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly T[];
  text: Record<T, string>;
  onChange: (value: T) => void;
}): ReactNode {
  return (
    <fieldset className={picker.group}>
      <legend className={picker.heading}>{legend}</legend>
      {options.map((option) => (
        <label key={option} className={picker.item}>
          <input
            type="radio"
            name={name}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          {text[option]}
        </label>
      ))}
    </fieldset>
  );
}

function Select<T extends string | number>({
  label,
  value,
  options,
  text,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  text: (value: T) => string;
  onChange: (value: T) => void;
}): ReactNode {
  return (
    <select
      aria-label={label}
      value={String(value)}
      onChange={(e) => onChange(options.find((o) => String(o) === e.target.value) as T)}
    >
      {options.map((o) => (
        <option key={String(o)} value={String(o)}>
          {text(o)}
        </option>
      ))}
    </select>
  );
}

/** Every control of the graph view; each change goes to the URL through `onChange`. */
export function GraphToolbar({
  state,
  namespaces,
  onChange,
  onRefresh,
  onFit,
  refreshing,
  latencyPending,
  updatedAt,
  playing,
  onPlay,
  changes,
  nowSec,
  durations,
}: GraphToolbarProps): ReactNode {
  const toggles = [
    ['serviceNodes', 'Service nodes'],
    ['namespaceBoxes', 'Namespace boxes'],
    ['idle', 'Idle nodes'],
    ['securityBadges', 'Security badges'],
    ['waypoints', 'Waypoint proxies (ambient)'],
    ['webgl', 'WebGL renderer (experimental)'],
  ] as const;
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Graph controls">
      <NamespacePicker
        options={namespaces}
        selected={state.namespaces}
        onChange={(list) => onChange({ namespaces: list })}
      />
      <Select
        label="Graph type"
        value={state.graphType}
        options={GRAPH_TYPES}
        text={(t) => GRAPH_TYPE_TEXT[t]}
        onChange={(graphType) => onChange({ graphType })}
      />
      <Select
        label="Duration"
        value={state.duration}
        options={durations.includes(state.duration) ? durations : [...durations, state.duration]}
        text={(d) => `Last ${d}`}
        onChange={(duration) => onChange({ duration })}
      />
      <Select
        label="Refresh interval"
        value={state.refresh}
        options={REFRESHES}
        text={refreshText}
        onChange={(refresh) => onChange({ refresh })}
      />
      <Select
        label="Edge labels"
        value={state.edgeLabel}
        options={EDGE_LABELS}
        text={(e) => EDGE_LABEL_TEXT[e]}
        onChange={(edgeLabel) => onChange({ edgeLabel })}
      />
      <details className={picker.picker}>
        <summary>Display</summary>
        <div className={picker.menu}>
          <fieldset className={picker.group}>
            <legend className="sr-only">Display</legend>
            {toggles.map(([key, text]) => (
              <label key={key} className={picker.item}>
                <input
                  type="checkbox"
                  checked={state[key]}
                  onChange={(e) => onChange({ [key]: e.target.checked })}
                />
                {text}
              </label>
            ))}
          </fieldset>
          <RadioGroup
            legend="Ambient traffic"
            name="ambientTraffic"
            value={state.ambientTraffic}
            options={AMBIENT_TRAFFIC}
            text={AMBIENT_TRAFFIC_TEXT}
            onChange={(ambientTraffic) => onChange({ ambientTraffic })}
          />
          <RadioGroup
            legend="gRPC edges show"
            name="grpcRate"
            value={state.grpcRate}
            options={GRPC_RATES}
            text={GRPC_RATE_TEXT}
            onChange={(grpcRate) => onChange({ grpcRate })}
          />
        </div>
      </details>
      <Select
        label="Layout"
        value={state.layout}
        options={LAYOUTS}
        text={(l) => LAYOUT_TEXT[l]}
        onChange={(layout) => onChange({ layout })}
      />
      <CompareControls
        compare={state.compare}
        atSec={state.time ?? nowSec}
        changes={changes}
        text={(c) => (c ? `Compare: ${compareText(c)}` : 'Compare: off')}
        onChange={(compare) => onChange({ compare })}
      />
      <button
        type="button"
        aria-pressed={state.delay !== undefined}
        title="Where the delay comes from: which services and proxies the requests' time is spent in"
        onClick={() => onChange({ delay: state.delay ? undefined : 'auto' })}
      >
        Delay
      </button>
      <FilterInput label="Find" value={state.find} onCommit={(find) => onChange({ find })} />
      <FilterInput label="Hide" value={state.hide} onCommit={(hide) => onChange({ hide })} />
      <ReplayControls
        time={state.time}
        speed={state.speed}
        playing={playing}
        stepSeconds={60}
        nowSec={nowSec}
        onChange={onChange}
        onPlay={onPlay}
        changes={changes}
      />
      <span className={styles.toolbarSpacer} />
      <span
        className={`muted ${styles.toolbarStatus}`}
        data-testid="toolbar-status"
        aria-live="polite"
      >
        {latencyPending
          ? 'Response times loading…'
          : refreshing
            ? 'Refreshing…'
            : updatedAt
              ? `Updated ${new Date(updatedAt).toLocaleTimeString(undefined, { hour12: false })}`
              : ''}
      </span>
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
      <button type="button" onClick={onFit}>
        Fit
      </button>
    </div>
  );
}
