// The table of a list page (stations, programs, notices, users): a row per record with its columns, and for
// an administrator the record's actions in a last column; an empty list says so instead of a bare header.
import type { ComponentChildren } from 'preact';
import { Empty } from './load-state.tsx';

export interface Column<T> {
  header: ComponentChildren;
  cell: (record: T) => ComponentChildren;
  /** The cell's class (nowrap, num-font …); the header cell has none. */
  class?: string;
  /** The cell's data-testid. */
  testid?: string;
}

export function RecordTable<T>({
  records,
  columns,
  recordKey,
  rowAttributes,
  actions,
  actionsHeader,
  empty,
  testid,
  scroll = false,
}: {
  records: readonly T[];
  columns: readonly Column<T>[];
  recordKey: (record: T) => string | number;
  /** data-* attributes and the class of a record's row. */
  rowAttributes?: (record: T) => Record<string, string | number | undefined>;
  /** The buttons of a record's row; no actions column without them. */
  actions?: (record: T) => ComponentChildren;
  actionsHeader?: ComponentChildren;
  /** Shown instead of the table when there are no records (without it, an empty table). */
  empty?: ComponentChildren;
  testid?: string;
  /** Wide tables scroll sideways inside their panel rather than widening the page. */
  scroll?: boolean;
}) {
  if (empty !== undefined && records.length === 0) return <Empty>{empty}</Empty>;
  const table = (
    <table class="table" data-testid={testid}>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i}>{column.header}</th>
          ))}
          {actions && <th class="actions">{actionsHeader}</th>}
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={recordKey(record)} {...rowAttributes?.(record)}>
            {columns.map((column, i) => (
              <td key={i} class={column.class} data-testid={column.testid}>
                {column.cell(record)}
              </td>
            ))}
            {actions && <td class="actions">{actions(record)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return scroll ? <div class="table-wrap">{table}</div> : table;
}
