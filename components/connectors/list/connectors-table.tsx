"use client";

import { useEffect, useRef } from "react";
import type { ConnectorRow, ListState, SortKey } from "@/lib/connect/connector-list";
import { ConnectorRowView } from "./connector-row";

const COLUMNS: readonly { label: string; sort?: SortKey }[] = [
  { label: "Name", sort: "name" },
  { label: "Type", sort: "type" },
  { label: "Plugin", sort: "plugin" },
  { label: "State", sort: "state" },
  { label: "Health" },
  { label: "Tasks", sort: "tasks" },
  { label: "Topics" },
];

/** The visible page of connectors, with sortable headers and a select-this-page checkbox. */
export function ConnectorsTable({
  rows,
  hrefOf,
  isSelected,
  onToggle,
  onTogglePage,
  sort,
  dir,
  onSort,
}: {
  rows: readonly ConnectorRow[];
  hrefOf: (name: string) => string;
  isSelected: (name: string) => boolean;
  onToggle: (name: string) => void;
  onTogglePage: (select: boolean) => void;
  sort: SortKey;
  dir: ListState["dir"];
  onSort: (sort: SortKey, dir: ListState["dir"]) => void;
}) {
  const selectedOnPage = rows.reduce((n, r) => n + (isSelected(r.name) ? 1 : 0), 0);
  const all = rows.length > 0 && selectedOnPage === rows.length;
  const some = selectedOnPage > 0 && !all;
  const header = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (header.current) header.current.indeterminate = some;
  }, [some]);
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-sm">
        <caption className="sr-only">Connectors</caption>
        <thead className="border-b border-border bg-surface-muted text-left text-xs text-muted">
          <tr>
            <th scope="col" className="w-10 px-3 py-2">
              <input
                ref={header}
                type="checkbox"
                checked={all}
                onChange={() => onTogglePage(!all)}
                aria-label="Select all connectors on this page"
                className="size-4 accent-[var(--accent)]"
              />
            </th>
            {COLUMNS.map((col) => {
              const active = col.sort !== undefined && col.sort === sort;
              return (
                <th key={col.label} scope="col" className="px-3 py-2 font-medium" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                  {col.sort ? (
                    <button
                      type="button"
                      onClick={() => onSort(col.sort as SortKey, active && dir === "asc" ? "desc" : "asc")}
                      className={`inline-flex items-center gap-1 rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent ${active ? "text-foreground" : ""}`}
                    >
                      {col.label}
                      <SortArrow state={active ? dir : undefined} />
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <ConnectorRowView key={row.name} row={row} href={hrefOf(row.name)} selected={isSelected(row.name)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortArrow({ state }: { state: "asc" | "desc" | undefined }) {
  return (
    <svg viewBox="0 0 10 10" className={`size-2.5 ${state ? "" : "opacity-30"}`} aria-hidden="true">
      {state === "desc" ? <path d="M1 3h8L5 8z" fill="currentColor" /> : state === "asc" ? <path d="M1 7h8L5 2z" fill="currentColor" /> : <path d="M2 4h6L5 1zM2 6h6L5 9z" fill="currentColor" />}
    </svg>
  );
}
