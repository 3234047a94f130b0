import { EmptyState } from "@/components/ui/states";
import { formatCount } from "@/components/messages/format";
import type { TopicDetail } from "@/lib/kafka/schemas";

/** Consumer groups with committed offsets on the topic, with their lag per partition. */
export function ConsumersTab({ groups }: { groups: TopicDetail["consumerGroups"] }) {
  if (groups === null) return <EmptyState title="Consumer groups unavailable">This cluster did not list its consumer groups.</EmptyState>;
  if (groups.length === 0) return <EmptyState title="No consumer group reads this topic">A group shows up here once it has committed an offset on the topic (a sink connector does so after its first flush).</EmptyState>;
  return (
    <div className="flex flex-col gap-4">
      {groups.map((g) => (
        <section key={g.groupId} aria-label={`Group ${g.groupId}`} className="rounded-lg border border-border bg-surface">
          <header className="flex flex-wrap items-center gap-x-6 gap-y-1 border-b border-border px-3 py-2 text-sm">
            <span className="font-mono font-semibold">{g.groupId}</span>
            <span className="text-muted">state {g.state}</span>
            <span className="text-muted">{g.members} member{g.members === 1 ? "" : "s"}</span>
            <span>
              lag <strong className="tabular-nums">{formatCount(g.lag)}</strong>
            </span>
          </header>
          <table className="w-full text-left font-mono text-xs">
            <thead className="text-muted">
              <tr>
                <th scope="col" className="px-3 py-1 font-medium">Partition</th>
                <th scope="col" className="px-3 py-1 text-right font-medium">Committed</th>
                <th scope="col" className="px-3 py-1 text-right font-medium">End</th>
                <th scope="col" className="px-3 py-1 text-right font-medium">Lag</th>
              </tr>
            </thead>
            <tbody>
              {g.partitions.map((p) => (
                <tr key={p.partition} className="border-t border-border/60">
                  <td className="px-3 py-1">{p.partition}</td>
                  <td className="px-3 py-1 text-right">{p.committed ?? "—"}</td>
                  <td className="px-3 py-1 text-right">{p.end}</td>
                  <td className="px-3 py-1 text-right">{p.lag === null ? "—" : formatCount(p.lag)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
