import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

/** One column of a {@link MetricsTable}. */
export interface MetricsColumn<Row> {
  header: ReactNode;
  /** A hover text for the header (what the figure is). */
  headerTitle?: string;
  /** The cell of a row. */
  cell: (row: Row) => ReactNode;
  /** Right-aligned figures (`num`). */
  numeric?: boolean;
  /** A hover text for the cell. */
  title?: (row: Row) => string | undefined;
  /** More classes for a row's cell (`error-text` for a figure out of bounds). */
  className?: (row: Row) => string | undefined;
  /** The column's share of the table's width (`26%`), so that a page's tables line up. */
  width?: string;
}

export interface MetricsTableProps<Row> {
  /** A visible caption; without one, `label` names the table for assistive technology. */
  caption?: ReactNode;
  label?: string;
  /** The first column names the row (a `<th scope="row">`); the rest are its figures. */
  columns: readonly [MetricsColumn<Row>, ...MetricsColumn<Row>[]];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** A class for a row (`row-total`). */
  rowClassName?: (row: Row) => string | undefined;
  /** Tight rows, as in the side panel (the default); false for a page's main tables. */
  compact?: boolean;
  /**
   * Only the rows in and near the viewport are in the page, the others stand in as space: a
   * list of thousands scrolls and sorts as fast as one of a hundred. Rows keep one line each.
   */
  virtual?: boolean;
}

const classes = (...names: (string | false | undefined)[]): string | undefined =>
  names.filter(Boolean).join(' ') || undefined;

/**
 * A table of figures: a caption, a header row, and per row its name then its figures. The one
 * table of the side panel, the overview and the routing page.
 */
export function MetricsTable<Row>({
  caption,
  label,
  columns,
  rows,
  rowKey,
  rowClassName,
  compact = true,
  virtual = false,
}: MetricsTableProps<Row>): ReactNode {
  const body = useRef<HTMLTableSectionElement>(null);
  const range = useRowWindow(body, rows.length, virtual);
  const [first, ...rest] = columns;
  const cellClass = (column: MetricsColumn<Row>, row: Row) =>
    classes(column.numeric && 'num', column.className?.(row));
  return (
    <table
      className={classes('table', compact && 'compact', virtual && 'virtual')}
      aria-label={label}
      aria-rowcount={virtual ? rows.length + 1 : undefined}
    >
      {caption !== undefined && <caption>{caption}</caption>}
      {columns.some((c) => c.width) && (
        <colgroup>
          {columns.map((column, i) => (
            <col key={i} style={column.width ? { width: column.width } : undefined} />
          ))}
        </colgroup>
      )}
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th
              key={i}
              scope="col"
              className={column.numeric ? 'num' : undefined}
              title={column.headerTitle}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={body}>
        {range.start > 0 && (
          <tr aria-hidden="true" style={{ height: range.start * range.rowHeight }} />
        )}
        {rows.slice(range.start, range.end).map((row, i) => (
          <tr
            key={rowKey(row)}
            className={rowClassName?.(row)}
            aria-rowindex={virtual ? range.start + i + 2 : undefined}
          >
            <th scope="row" className={cellClass(first, row)} title={first.title?.(row)}>
              {first.cell(row)}
            </th>
            {rest.map((column, i) => (
              <td key={i} className={cellClass(column, row)} title={column.title?.(row)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
        {range.end < rows.length && (
          <tr aria-hidden="true" style={{ height: (rows.length - range.end) * range.rowHeight }} />
        )}
      </tbody>
    </table>
  );
}

/** Rows drawn beyond the viewport on each side, so a scroll shows rows already there. */
const OVERSCAN = 15;
/** A row's height until one is measured (a page table's one-line row). */
const ROW_HEIGHT = 37;
/** Rows drawn before the first measure (the first screens of a list). */
const FIRST_ROWS = 60;

/**
 * The rows of a table's body in and near the viewport (all of them when not `virtual`): from
 * the body's place on the page and the height of a drawn row, kept as the window scrolls or
 * resizes.
 */
function useRowWindow(
  body: RefObject<HTMLTableSectionElement | null>,
  count: number,
  virtual: boolean,
): { start: number; end: number; rowHeight: number } {
  const [range, setRange] = useState({ start: 0, end: FIRST_ROWS, rowHeight: ROW_HEIGHT });
  useEffect(() => {
    if (!virtual) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const element = body.current;
      if (!element) return;
      const drawn = [...element.rows].find((r) => !r.hasAttribute('aria-hidden'));
      const rowHeight = drawn?.getBoundingClientRect().height || ROW_HEIGHT;
      const top = element.getBoundingClientRect().top;
      const start = Math.max(0, Math.floor(-top / rowHeight) - OVERSCAN);
      const end = Math.max(start, Math.ceil((window.innerHeight - top) / rowHeight) + OVERSCAN);
      setRange((r) =>
        r.start === start && r.end === end && r.rowHeight === rowHeight
          ? r
          : { start, end, rowHeight },
      );
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(measure);
    };
    schedule();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [body, count, virtual]);
  return virtual
    ? { ...range, end: Math.min(count, range.end), start: Math.min(range.start, count) }
    : { start: 0, end: count, rowHeight: ROW_HEIGHT };
}
