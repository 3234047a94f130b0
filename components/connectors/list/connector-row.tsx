"use client";

import Link from "next/link";
import { memo } from "react";
import type { ConnectorRow, ConnectorTopics } from "@/lib/connect/connector-list";
import { HealthBadge, StateBadge } from "@/components/ui/status-badge";
import { StatusIcon } from "@/components/ui/status-icon";

const MAX_TOPICS = 3;

/**
 * One connector. Memoised: a refresh that changes nothing about a row does not re-render it. Its links
 * are not prefetched: a page of 100 rows would otherwise fire 100+ requests as it renders.
 */
export const ConnectorRowView = memo(function ConnectorRowView({
  row,
  href,
  selected,
  onToggle,
}: {
  row: ConnectorRow;
  href: string;
  selected: boolean;
  onToggle: (name: string) => void;
}) {
  return (
    <tr data-connector={row.name} aria-selected={selected} className={`border-b border-border last:border-b-0 ${selected ? "bg-accent-soft" : "hover:bg-surface-muted"}`}>
      <td className="w-10 px-3 py-2">
        <input type="checkbox" checked={selected} onChange={() => onToggle(row.name)} aria-label={`Select ${row.name}`} className="size-4 accent-[var(--accent)]" />
      </td>
      <td className="max-w-72 px-3 py-2">
        <Link href={href} prefetch={false} className="block truncate font-medium text-accent hover:underline focus-visible:underline" title={row.name}>
          {row.name}
        </Link>
      </td>
      <td className="px-3 py-2 text-muted">{row.type}</td>
      <td className="max-w-56 px-3 py-2">
        <span className="block truncate font-mono text-xs" title={row.pluginClass || undefined}>
          {row.pluginShort || <span className="text-muted">unknown</span>}
        </span>
      </td>
      <td className="px-3 py-2" data-col="state">
        <StateBadge state={row.state} />
      </td>
      <td className="px-3 py-2" data-col="health">
        <HealthBadge health={row.health} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <TaskCell tasks={row.tasks} />
      </td>
      <td className="px-3 py-2">
        <TopicsCell topics={row.topics} />
      </td>
    </tr>
  );
});

function TaskCell({ tasks }: { tasks: ConnectorRow["tasks"] }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span className="tabular-nums" title={`${tasks.running} of ${tasks.total} tasks running`}>
        {tasks.running}/{tasks.total}
      </span>
      {tasks.failed > 0 ? (
        <span className="inline-flex items-center gap-1 text-xs font-semibold text-danger" data-testid="failed-tasks">
          <StatusIcon tone="danger" shape="cross" />
          {tasks.failed} failed
        </span>
      ) : null}
    </span>
  );
}

function TopicsCell({ topics }: { topics: ConnectorTopics }) {
  if (topics.kind === "pattern") {
    return (
      <span className="inline-flex items-center gap-1 text-xs" title="topics.regex: every topic matching this pattern">
        <span className="text-muted">pattern</span>
        <code className="rounded bg-code px-1 py-px font-mono">{topics.pattern}</code>
      </span>
    );
  }
  if (topics.topics.length === 0) return <span className="text-muted">—</span>;
  const shown = topics.topics.slice(0, MAX_TOPICS);
  const rest = topics.topics.length - shown.length;
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
      {shown.map((topic) => (
        <Link key={topic} href={`/topics/${encodeURIComponent(topic)}`} prefetch={false} className="font-mono text-accent hover:underline focus-visible:underline">
          {topic}
        </Link>
      ))}
      {rest > 0 ? (
        <span className="text-muted" title={topics.topics.slice(MAX_TOPICS).join(", ")}>
          +{rest} more
        </span>
      ) : null}
    </span>
  );
}
