import Link from "next/link";
import { clusterHref } from "@/components/clusters/use-connect-cluster";
import type { TopicConnectorLink } from "@/lib/kafka/topic-connectors";

/** Links to the connectors that use a topic, each with what it does with it. */
export function ConnectorLinks({ links, cluster, isDefault }: { links: readonly TopicConnectorLink[]; cluster: string; isDefault: boolean }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1">
      {links.map((l) => (
        <li key={`${l.connector}-${l.role}`} className="inline-flex items-baseline gap-1">
          <Link href={clusterHref(`/connectors/${encodeURIComponent(l.connector)}`, cluster, isDefault)} className="font-mono text-xs text-accent underline-offset-2 hover:underline">
            {l.connector}
          </Link>
          <span className="text-[11px] text-muted">({l.role})</span>
        </li>
      ))}
    </ul>
  );
}
