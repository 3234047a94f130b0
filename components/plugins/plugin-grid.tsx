"use client";

import type { ReactNode } from "react";
import type { PluginInfo } from "@/lib/connect/schemas";
import { EmptyState } from "@/components/ui/states";
import { PLUGIN_TYPE_LABEL, prunedName, type PluginType } from "./plugin-names";

export type TypeFilter = "all" | PluginType;

export function filterPlugins(plugins: readonly PluginInfo[], type: TypeFilter, search: string): PluginInfo[] {
  const q = search.trim().toLowerCase();
  return plugins
    .filter((p) => type === "all" || p.type === type)
    .filter((p) => q === "" || p.class.toLowerCase().includes(q) || PLUGIN_TYPE_LABEL[p.type].toLowerCase().includes(q))
    .sort((a, b) => typeRank(a.type) - typeRank(b.type) || prunedName(a.class).localeCompare(prunedName(b.class)));
}

const RANK: Record<PluginType, number> = { source: 0, sink: 1, converter: 2, header_converter: 3, transformation: 4, predicate: 5 };
function typeRank(t: PluginType): number {
  return RANK[t];
}

/** Search box and type filter above a plugin list. */
export function PluginFilterBar({
  types,
  type,
  onTypeChange,
  search,
  onSearchChange,
  children,
}: {
  types: readonly TypeFilter[];
  type: TypeFilter;
  onTypeChange: (t: TypeFilter) => void;
  search: string;
  onSearchChange: (s: string) => void;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs text-muted">
        Search plugins
        <input
          type="search"
          value={search}
          onChange={(e) => onSearchChange(e.target.value)}
          placeholder="Class name or alias"
          className="h-9 rounded-md border border-border bg-surface px-2.5 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent"
        />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-xs text-muted">Type</legend>
        <div className="flex flex-wrap gap-1" role="radiogroup" aria-label="Plugin type">
          {types.map((t) => (
            <label key={t} className={`cursor-pointer rounded-md border px-2.5 py-1.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent ${t === type ? "border-accent bg-accent-soft font-medium" : "border-border bg-surface hover:bg-surface-muted"}`}>
              <input type="radio" name="plugin-type" value={t} checked={t === type} onChange={() => onTypeChange(t)} className="sr-only" />
              {t === "all" ? "All" : PLUGIN_TYPE_LABEL[t]}
            </label>
          ))}
        </div>
      </fieldset>
      {children}
    </div>
  );
}

/** Plugins as cards: alias, class, type, version, and the caller's actions. */
export function PluginGrid({ plugins, actions, emptyHint }: { plugins: readonly PluginInfo[]; actions: (p: PluginInfo) => ReactNode; emptyHint?: ReactNode }) {
  if (plugins.length === 0) return <EmptyState title="No plugins match">{emptyHint ?? "Change the search or the type filter."}</EmptyState>;
  return (
    <ul className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3" aria-label="Plugins">
      {plugins.map((p) => (
        <li key={`${p.type}:${p.class}`} className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-4" data-plugin={p.class}>
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <h3 className="truncate text-base font-semibold">{prunedName(p.class)}</h3>
              <p className="font-mono text-xs break-all text-muted">{p.class}</p>
            </div>
            <TypeTag type={p.type} />
          </div>
          <div className="mt-auto flex flex-wrap items-center justify-between gap-2">
            <span className="text-xs text-muted">{p.version ? `Version ${p.version}` : "Version not reported"}</span>
            <div className="flex flex-wrap gap-2">{actions(p)}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function TypeTag({ type }: { type: PluginType }) {
  return (
    <span className="shrink-0 rounded-full border border-border bg-surface-muted px-2 py-0.5 text-xs font-medium" data-plugin-type={type}>
      {PLUGIN_TYPE_LABEL[type]}
    </span>
  );
}
