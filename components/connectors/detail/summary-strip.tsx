"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { Spinner } from "@/components/ui/button";
import { HealthBadge, StateBadge } from "@/components/ui/status-badge";
import { StatusIcon } from "@/components/ui/status-icon";
import { connectorHealth, taskCounts } from "@/lib/connect/health";
import type { ConnectorInfo, ConnectorStateInfo } from "@/lib/connect/schemas";
import { shortClassName } from "@/lib/connect/transform-chain";

/** The connector at a glance: state, health, type, class, worker, tasks and topics. */
export function SummaryStrip({
  info,
  status,
  statusError,
  waiting,
  topics,
  topicHref,
}: {
  info: ConnectorInfo;
  status: ConnectorStateInfo | undefined;
  statusError: string | undefined;
  /** What an action is waiting for ("PAUSED"), shown beside the state. */
  waiting: string | null;
  topics: { list: string[] } | { error: string } | undefined;
  topicHref: (topic: string) => string;
}) {
  const className = info.config["connector.class"] ?? "";
  const counts = status ? taskCounts(status) : undefined;
  const noStatus = <span className="text-muted">{statusError ?? "…"}</span>;
  return (
    <dl className="flex flex-wrap gap-x-10 gap-y-3 rounded-lg border border-border bg-surface px-4 py-3 text-sm">
      <Item label="State" testId="summary-state">
        {status ? (
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge state={status.connector.state} />
            {waiting ? (
              <span role="status" data-testid="settling" className="inline-flex items-center gap-1 text-xs text-muted">
                <Spinner />
                Waiting for {waiting}…
              </span>
            ) : null}
          </span>
        ) : (
          noStatus
        )}
      </Item>
      <Item label="Health" testId="summary-health">
        {status ? <HealthBadge health={connectorHealth(status)} /> : noStatus}
      </Item>
      <Item label="Type">{(status?.type ?? info.type).toUpperCase()}</Item>
      <Item label="Class">
        <span title={className} className="block truncate font-mono text-xs">
          {shortClassName(className) || "—"}
        </span>
      </Item>
      <Item label="Worker">{status ? <span className="block truncate font-mono text-xs" title={status.connector.worker_id}>{status.connector.worker_id}</span> : noStatus}</Item>
      <Item label="Tasks running" testId="summary-tasks">
        {counts ? `${counts.running} of ${counts.total}` : noStatus}
      </Item>
      <Item label="Tasks failed" testId="summary-failed">
        {counts ? (
          counts.failed > 0 ? (
            <span className="inline-flex items-center gap-1.5 font-semibold text-danger">
              <StatusIcon tone="danger" />
              {counts.failed} failed
            </span>
          ) : (
            <span className="inline-flex items-center gap-1.5 text-muted">
              <StatusIcon tone="success" />
              none failed
            </span>
          )
        ) : (
          noStatus
        )}
      </Item>
      <Item label="Topics" testId="summary-topics">
        {topics === undefined ? (
          <span className="text-muted">…</span>
        ) : "error" in topics ? (
          <span className="text-muted" title={topics.error}>
            unavailable
          </span>
        ) : topics.list.length === 0 ? (
          <span className="text-muted">none yet</span>
        ) : (
          <span className="flex flex-wrap gap-x-2 gap-y-1">
            {topics.list.map((t) => (
              <Link key={t} href={topicHref(t)} className="font-mono text-xs text-accent underline-offset-2 hover:underline">
                {t}
              </Link>
            ))}
          </span>
        )}
      </Item>
    </dl>
  );
}

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex max-w-[24rem] min-w-0 flex-col gap-1" data-testid={testId}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
