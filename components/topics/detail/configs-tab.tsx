"use client";

import { useState } from "react";
import { EmptyState } from "@/components/ui/states";
import { TableHead } from "@/components/ui/table-head";
import type { TopicDetail } from "@/lib/kafka/schemas";

/** The topic's configs; values set on the topic first, defaults behind a toggle. */
export function ConfigsTab({ configs }: { configs: TopicDetail["configs"] }) {
  const [showDefaults, setShowDefaults] = useState(false);
  if (configs === null) return <EmptyState title="Configs unavailable">This cluster did not answer DescribeConfigs for the topic.</EmptyState>;
  const shown = configs.filter((c) => showDefaults || !c.isDefault).sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || a.name.localeCompare(b.name));
  return (
    <div className="flex flex-col gap-3">
      <label className="inline-flex items-center gap-1.5 text-sm">
        <input type="checkbox" checked={showDefaults} onChange={(e) => setShowDefaults(e.target.checked)} />
        Show defaults ({configs.filter((c) => c.isDefault).length})
      </label>
      {shown.length === 0 ? (
        <EmptyState title="Every config has its default value">Tick &quot;Show defaults&quot; to see them.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm" aria-label="Topic configs">
            <TableHead className="border-b border-border" columns={["Name", "Value", "Source"]} />
            <tbody>
              {shown.map((c) => (
                <tr key={c.name} className="border-b border-border/60 last:border-0">
                  <td className="px-3 py-1.5 font-mono text-xs">{c.name}</td>
                  <td className="px-3 py-1.5 font-mono text-xs break-all">{c.isSensitive ? <span className="text-muted">(sensitive)</span> : (c.value ?? <span className="text-muted">null</span>)}</td>
                  <td className="px-3 py-1.5 text-xs text-muted">{c.isDefault ? "default" : (c.source ?? "topic")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
