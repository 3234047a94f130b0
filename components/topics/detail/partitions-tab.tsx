import type { PartitionInfo } from "@/lib/kafka/schemas";
import { formatCount } from "@/components/messages/format";
import { TableHead } from "@/components/ui/table-head";

/** Each partition's leader, replicas, in-sync replicas and start/end offsets. */
export function PartitionsTab({ partitions }: { partitions: readonly PartitionInfo[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm" aria-label="Partitions">
        <TableHead
          className="border-b border-border"
          columns={[
            "Partition",
            "Leader",
            "Replicas",
            "In sync",
            { label: "Start offset", align: "right" },
            { label: "End offset", align: "right" },
            { label: "Messages", align: "right" },
          ]}
        />
        <tbody className="font-mono text-xs">
          {partitions.map((p) => (
            <tr key={p.partition} className="border-b border-border/60 last:border-0">
              <td className="px-3 py-2">{p.partition}</td>
              <td className="px-3 py-2">{p.leader}</td>
              <td className="px-3 py-2">{p.replicas.join(", ")}</td>
              <td className="px-3 py-2">{p.isr.join(", ")}</td>
              <td className="px-3 py-2 text-right">{p.start}</td>
              <td className="px-3 py-2 text-right">{p.end}</td>
              <td className="px-3 py-2 text-right">{formatCount(p.messages)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
