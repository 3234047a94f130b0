"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { clustersQuery } from "@/lib/connect/queries";
import { StatusIcon } from "@/components/ui/status-icon";
import { ErrorState, LoadingState } from "@/components/ui/states";

/** The Connect and Kafka clusters the console knows, each Connect cluster with what `GET /` says. */
export function ClustersCard() {
  const { data, error, isPending } = useQuery(clustersQuery());
  return (
    <section aria-labelledby="clusters-title" className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-5">
      <h2 id="clusters-title" className="text-base font-semibold">
        Clusters
      </h2>
      {isPending ? <LoadingState label="Looking up clusters…" /> : null}
      {error ? <ErrorState title="The console server did not answer" error={error} /> : null}
      {data ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Connect clusters</caption>
          <thead className="text-xs text-muted">
            <tr>
              <th className="py-1 pr-3 font-medium">Connect cluster</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Runs</th>
              <th className="py-1 font-medium">REST URL</th>
            </tr>
          </thead>
          <tbody>
            {data.connect.map((c) => (
              <tr key={c.name} className="border-t border-border">
                <td className="py-2 pr-3">
                  <Link className="font-medium text-accent hover:underline" href={`/connectors?cluster=${encodeURIComponent(c.name)}`}>
                    {c.name}
                  </Link>
                </td>
                <td className="py-2 pr-3">
                  <span className="inline-flex items-center gap-1.5" title={c.reachable ? undefined : c.error}>
                    <StatusIcon tone={c.reachable ? "success" : "danger"} />
                    {c.reachable ? "reachable" : "unreachable"}
                  </span>
                </td>
                <td className="py-2 pr-3">{c.reachable ? (c.ferry ? `Ferry ${c.ferry.version} (Connect ${c.version})` : `Kafka Connect ${c.version}`) : "—"}</td>
                <td className="py-2 font-mono text-xs text-muted">{c.url}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.connect.length === 0 ? (
        <p className="text-sm text-muted">No Connect cluster is configured. Name one with FERRY_CONNECT_CLUSTERS=name=url, or start Ferry with `ferry start`.</p>
      ) : null}
      {data && data.kafka.length > 0 ? (
        <p className="text-sm text-muted">
          Kafka: {data.kafka.map((k) => `${k.name} (${k.bootstrapServers})`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}
