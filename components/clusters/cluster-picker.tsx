"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useConnectCluster } from "./use-connect-cluster";

/** Switches the Connect cluster the pages work on (shown only when more than one is configured). */
export function ClusterPicker() {
  const { name, clusters } = useConnectCluster();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  if (!clusters || clusters.connect.length < 2) return null;
  return (
    <label className="flex flex-col gap-1 px-3 text-xs text-muted">
      Connect cluster
      <select
        value={name}
        onChange={(e) => {
          const next = new URLSearchParams(params);
          next.set("cluster", e.target.value);
          // A connector page belongs to its cluster: go back to the list on a switch.
          const base = pathname.startsWith("/connectors/") ? "/connectors" : pathname;
          router.push(`${base}?${next.toString()}`);
        }}
        className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground"
      >
        {clusters.connect.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {c.reachable ? "" : " (unreachable)"}
          </option>
        ))}
      </select>
    </label>
  );
}
