"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { pluginsQuery } from "@/lib/connect/queries";
import type { PluginInfo } from "@/lib/connect/schemas";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { filterPlugins, PluginFilterBar, PluginGrid, type TypeFilter } from "@/components/plugins/plugin-grid";

/** Step 1: choose a connector plugin from the catalogue. */
export function PluginStep({ cluster, selected, onSelect }: { cluster: string; selected: string | undefined; onSelect: (p: PluginInfo) => void }) {
  const [type, setType] = useState<TypeFilter>("all");
  const [search, setSearch] = useState("");
  const query = useQuery(pluginsQuery(cluster, true));
  if (query.isPending) return <LoadingState label="Loading connector plugins…" />;
  if (query.error) return <ErrorState title="Could not list the connector plugins" error={query.error} />;
  const plugins = filterPlugins(query.data, type, search);
  return (
    <div className="flex flex-col gap-4">
      <PluginFilterBar types={["all", "source", "sink"]} type={type} onTypeChange={setType} search={search} onSearchChange={setSearch} />
      <PluginGrid
        plugins={plugins}
        emptyHint={query.data.length === 0 ? "This Connect cluster has no connector plugins installed." : undefined}
        actions={(p) => (
          <Button size="sm" variant={p.class === selected ? "primary" : "secondary"} onClick={() => onSelect(p)} aria-label={`Use ${p.class}`}>
            {p.class === selected ? "Selected: continue" : "Use this plugin"}
          </Button>
        )}
      />
    </div>
  );
}
