import type { ReactNode } from 'react';

/** A header cell: its text (empty for a column of buttons), with its own classes when it needs them. */
export type TableColumn = string | { label: string; className?: string };

interface TableProps {
  columns: readonly TableColumn[];
  /** Classes of the header row group. */
  headClassName?: string;
  /** Classes of every header cell that has none of its own. */
  headerCellClassName?: string;
  /** Classes of the body row group. */
  bodyClassName?: string;
  testId?: string;
  /** The body rows: each table keeps its own cells. */
  children: ReactNode;
}

/** The console's data table: one frame (width, alignment, text size) and a header drawn from `columns`. */
export function Table({ columns, headClassName, headerCellClassName, bodyClassName, testId, children }: TableProps) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className={headClassName}>
        <tr>
          {columns.map((column, index) => {
            const { label, className = headerCellClassName } = typeof column === 'string' ? { label: column } : column;
            return (
              <th key={index} className={className}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className={bodyClassName}>{children}</tbody>
    </table>
  );
}
