// A table of rows under a header row of column names; the last column may be named for
// screen readers only (the row's buttons: "Actions").
import type { ReactNode } from 'react';

export interface DataTableProps {
  /** Visible column headings, in order. */
  columns: readonly string[];
  /** A trailing column whose heading only screen readers hear, e.g. "Actions". */
  hiddenColumn?: string;
  /** The rows (<tr> elements). */
  children: ReactNode;
  testId: string;
  className?: string;
}

export function DataTable({ columns, hiddenColumn, children, testId, className = 'grid' }: DataTableProps) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {hiddenColumn ? (
            <th scope="col">
              <span className="sr-only">{hiddenColumn}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
