"use client";

import { CONNECTOR_HEALTHS, type ListState } from "@/lib/connect/connector-list";
import type { ConnectorHealth } from "@/lib/connect/health";
import type { ConnectorType } from "@/lib/connect/schemas";
import { Button } from "@/components/ui/button";

const SELECT = "h-9 rounded-md border border-border bg-surface px-2 text-sm text-foreground";

/** Text search and the health and type filters. */
export function ListToolbar({
  state,
  text,
  onText,
  onChange,
  onClear,
}: {
  state: ListState;
  /** The search box's text (held by the list, which also clears it). */
  text: string;
  onText: (text: string) => void;
  onChange: (patch: Partial<ListState>) => void;
  onClear: () => void;
}) {
  const filtered = state.q !== "" || state.health !== undefined || state.type !== undefined || state.status !== undefined;
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex min-w-56 flex-1 flex-col gap-1 text-xs text-muted">
        Search
        <input
          type="search"
          value={text}
          onChange={(e) => onText(e.target.value)}
          placeholder="Name, class or topic"
          className="h-9 rounded-md border border-border bg-surface px-3 text-sm text-foreground placeholder:text-muted"
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted">
        Health
        <select value={state.health ?? ""} onChange={(e) => onChange({ health: (e.target.value || undefined) as ConnectorHealth | undefined, page: 1 })} className={SELECT}>
          <option value="">Any health</option>
          {CONNECTOR_HEALTHS.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted">
        Type
        <select value={state.type ?? ""} onChange={(e) => onChange({ type: (e.target.value || undefined) as ConnectorType | undefined, page: 1 })} className={SELECT}>
          <option value="">Any type</option>
          <option value="source">source</option>
          <option value="sink">sink</option>
          <option value="unknown">unknown</option>
        </select>
      </label>
      {filtered ? (
        <Button variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
