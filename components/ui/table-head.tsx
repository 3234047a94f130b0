/** The header row most console tables share, so its look and the `scope="col"` markup live in one place. */

export interface TableColumnSpec {
  label: string;
  align?: "right";
  /** Keeps the label for screen readers only, e.g. "Actions" over a column of buttons. */
  hidden?: true;
  title?: string;
  /** Extra classes for this column's cell, e.g. "w-1/2". */
  className?: string;
}

/** A plain string is a left-aligned, visible label. */
export type TableColumn = string | TableColumnSpec;

/** Labels must be unique within one table: they are the React keys. */
export function TableHead({ columns, className }: { columns: readonly TableColumn[]; className?: string }) {
  return (
    <thead className={`${className ? `${className} ` : ""}bg-surface-muted text-xs text-muted`}>
      <tr>
        {columns.map((column) => {
          const { label, align, hidden, title, className: extra }: TableColumnSpec = typeof column === "string" ? { label: column } : column;
          return (
            <th
              key={label}
              scope="col"
              className={`${extra ? `${extra} ` : ""}px-3 py-2 ${align === "right" ? "text-right " : ""}font-medium`}
              title={title}
            >
              {hidden ? <span className="sr-only">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
