'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatDurationUs, shortOperation } from '@/lib/format';
import { serviceColor } from '@/lib/trace-view/scale';
import { barGeometry, rowWindow, visibleRows } from '@/lib/trace-view/waterfall';
import type { TraceTree } from '@/lib/traces/tree';
import styles from './TraceWaterfall.module.css';

export interface TraceWaterfallProps {
  tree: TraceTree;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}

const ROW_HEIGHT = 26;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The timeline of a trace, one row per span. Only the rows in view are rendered, so a
 * 10,000-span trace scrolls smoothly; subtrees collapse and expand (click the arrow, or ←/→),
 * ↑/↓ move the selection.
 */
export function TraceWaterfall({ tree, selectedKey, onSelect }: TraceWaterfallProps): ReactNode {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const viewport = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setScroll({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const { first, last } = rowWindow(rows.length, scroll.top, scroll.height, ROW_HEIGHT);

  const toggle = (key: string, open?: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      const shouldCollapse = open === undefined ? !next.has(key) : !open;
      if (shouldCollapse) next.add(key);
      else next.delete(key);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = rows.findIndex((r) => r.key === selectedKey);
    const move = (to: number) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (!row) return;
      onSelect(row.key);
      const element = viewport.current;
      const top = rows.indexOf(row) * ROW_HEIGHT;
      if (
        element &&
        (top < element.scrollTop || top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
      )
        element.scrollTop = top - element.clientHeight / 2;
    };
    const current = rows[index];
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'ArrowLeft' && current) toggle(current.key, false);
    else if (event.key === 'ArrowRight' && current) toggle(current.key, true);
    else return;
    event.preventDefault();
  };

  return (
    <div className={styles.waterfall} data-testid="waterfall" data-rows={rows.length}>
      <div className={styles.waterfallHead} aria-hidden="true">
        <div className={styles.waterfallName}>Service · operation</div>
        <div className={styles.waterfallTimeline}>
          {TICKS.map((t) => (
            <span
              key={t}
              style={{ left: `${t * 100}%` }}
              className={t === 1 ? styles.tickEnd : undefined}
            >
              {formatDurationUs(tree.durationUs * t)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={viewport}
        className={styles.waterfallViewport}
        role="tree"
        aria-label={`Spans of trace ${tree.traceId}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) =>
          setScroll({
            top: event.currentTarget.scrollTop,
            height: event.currentTarget.clientHeight,
          })
        }
      >
        <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
          {rows.slice(first, last).map((row, i) => {
            const { span } = row;
            const { leftPercent, widthPercent } = barGeometry(row, tree.durationUs);
            const color = serviceColor(tree.services, span.service);
            const isCollapsed = collapsed.has(row.key);
            return (
              <div
                key={row.key}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-selected={row.key === selectedKey}
                aria-expanded={row.children.length ? !isCollapsed : undefined}
                className={`${styles.spanRow}${row.key === selectedKey ? ` ${styles.spanRowSelected}` : ''}${span.error ? ` ${styles.spanRowError}` : ''}`}
                style={{ top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => onSelect(row.key)}
              >
                <div
                  className={styles.waterfallName}
                  style={{ paddingLeft: 6 + Math.min(row.depth, 30) * 12 }}
                >
                  {row.children.length > 0 ? (
                    <button
                      type="button"
                      className={styles.toggle}
                      aria-label={
                        isCollapsed
                          ? `Expand ${row.children.length} child spans`
                          : 'Collapse child spans'
                      }
                      onClick={(event) => {
                        event.stopPropagation();
                        toggle(row.key);
                      }}
                    >
                      {isCollapsed ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className={styles.toggle} aria-hidden="true" />
                  )}
                  <span
                    className={styles.serviceChip}
                    style={{ background: color }}
                    aria-hidden="true"
                  />
                  <span className={styles.spanService} data-testid="span-service">
                    {span.service}
                  </span>
                  <span className={`${styles.spanOp} muted`}>{shortOperation(span.operation)}</span>
                  {span.error && (
                    <span className="error-text" title="error">
                      {' '}
                      ● error
                    </span>
                  )}
                  {row.warnings.length > 0 && (
                    <span
                      className={styles.warnMark}
                      title={row.warnings.join('\n')}
                      aria-label={`${row.warnings.length} warnings`}
                    >
                      {' '}
                      ⚠
                    </span>
                  )}
                </div>
                <div className={styles.waterfallTimeline}>
                  <span
                    className={`${styles.spanBar}${row.onCriticalPath ? ` ${styles.spanBarCritical}` : ''}`}
                    style={{
                      left: `${leftPercent}%`,
                      width: `${widthPercent}%`,
                      background: color,
                    }}
                  />
                  <span
                    className={`${styles.spanDuration}${leftPercent + widthPercent > 85 && widthPercent > 15 ? ` ${styles.spanDurationInside}` : ''}`}
                    style={
                      leftPercent + widthPercent <= 85
                        ? { left: `${leftPercent + widthPercent + 0.5}%` }
                        : widthPercent > 15
                          ? { right: `${100 - leftPercent - widthPercent + 0.5}%` }
                          : { right: `${100 - leftPercent + 0.5}%` }
                    }
                  >
                    {formatDurationUs(span.durationUs)}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
