import type { PartitionInfo } from "@/lib/kafka/schemas";
import { formatCount } from "@/components/messages/format";

/** Each partition's leader, replicas, in-sync replicas and start/end offsets. */
export function PartitionsTab({ partitions }: { partitions: readonly PartitionInfo[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm" aria-label="Partitions">
        <thead className="border-b border-border bg-surface-muted text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Partition</th>
            <th scope="col" className="px-3 py-2 font-medium">Leader</th>
            <th scope="col" className="px-3 py-2 font-medium">Replicas</th>
            <th scope="col" className="px-3 py-2 font-medium">In sync</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Start offset</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">End offset</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Messages</th>
          </tr>
        </thead>
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
