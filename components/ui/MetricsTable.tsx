import type { ReactNode } from 'react';

/** One column of a {@link MetricsTable}. */
export interface MetricsColumn<Row> {
  header: ReactNode;
  /** The cell of a row. */
  cell: (row: Row) => ReactNode;
  /** Right-aligned figures (`num`). */
  numeric?: boolean;
  /** A hover text for the cell. */
  title?: (row: Row) => string | undefined;
}

export interface MetricsTableProps<Row> {
  caption: ReactNode;
  /** The first column names the row (a `<th scope="row">`); the rest are its figures. */
  columns: readonly [MetricsColumn<Row>, ...MetricsColumn<Row>[]];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}

/**
 * A compact table of figures: a caption, a header row, and per row its name then its
 * figures. The one table of the side panel, the overview and the routing page.
 */
export function MetricsTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: MetricsTableProps<Row>): ReactNode {
  const [first, ...rest] = columns;
  return (
    <table className="table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col" className={column.numeric ? 'num' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            <th
              scope="row"
              className={first.numeric ? 'num' : undefined}
              title={first.title?.(row)}
            >
              {first.cell(row)}
            </th>
            {rest.map((column, i) => (
              <td
                key={i}
                className={column.numeric ? 'num' : undefined}
                title={column.title?.(row)}
              >
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
