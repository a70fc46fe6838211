import type { ReactNode } from 'react';

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
}: MetricsTableProps<Row>): ReactNode {
  const [first, ...rest] = columns;
  const cellClass = (column: MetricsColumn<Row>, row: Row) =>
    classes(column.numeric && 'num', column.className?.(row));
  return (
    <table className={classes('table', compact && 'compact')} aria-label={label}>
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
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
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
      </tbody>
    </table>
  );
}
