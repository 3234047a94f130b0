"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { connectKeys, connectorStatusQuery } from "@/lib/connect/queries";
import { retryUnlessNotFound } from "./query-retry";
import { isSettled, settleTarget, type SettleGoal } from "./settle";

/** Normal refresh of the status, and the faster one while an action settles. */
export const STATUS_REFRESH_MS = 5_000;
export const SETTLE_POLL_MS = 500;
export const SETTLE_TIMEOUT_MS = 30_000;

interface Settle {
  goal: SettleGoal;
  /** Only a status fetched after this instant can tell that the action took effect. */
  since: number;
}

/**
 * The connector's live status, polled every few seconds, and faster after an action until the
 * status shows the action's outcome (or a timeout, reported by a toast).
 */
export function useConnectorLive(cluster: string, name: string, enabled: boolean) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [settle, setSettle] = useState<Settle | null>(null);
  const base = useMemo(() => connectorStatusQuery(cluster, name), [cluster, name]);
  const status = useQuery({
    ...base,
    enabled,
    retry: retryUnlessNotFound,
    refetchInterval: (query) => {
      if (!settle) return STATUS_REFRESH_MS;
      const data = query.state.data;
      const done = data !== undefined && query.state.dataUpdatedAt > settle.since && isSettled(settle.goal, data);
      return done ? STATUS_REFRESH_MS : SETTLE_POLL_MS;
    },
  });

  const settled = settle !== null && status.data !== undefined && status.dataUpdatedAt > settle.since && isSettled(settle.goal, status.data);
  const waiting = settle !== null && !settled ? settleTarget(settle.goal) : null;

  // Settled: refresh what the action may have changed besides the status (tasks, topics, offsets).
  useEffect(() => {
    if (settled) void queryClient.invalidateQueries({ queryKey: connectKeys.connector(cluster, name) });
  }, [settled, queryClient, cluster, name]);

  // Not settled in time: say so and go back to the normal refresh.
  useEffect(() => {
    if (!settle || settled) return;
    const timer = setTimeout(() => {
      const current = queryClient.getQueryData(base.queryKey);
      toast.show({
        tone: "warning",
        title: `${name}: still waiting for ${settleTarget(settle.goal)}`,
        detail: `No settled status after ${SETTLE_TIMEOUT_MS / 1000} s${current ? ` (connector ${current.connector.state}, ${current.tasks.length} task${current.tasks.length === 1 ? "" : "s"})` : ""}. The page keeps refreshing every ${STATUS_REFRESH_MS / 1000} s.`,
      });
      setSettle(null);
    }, SETTLE_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [settle, settled, queryClient, base.queryKey, toast, name]);

  const beginSettle = useCallback(
    (goal: SettleGoal) => {
      setSettle({ goal, since: Date.now() });
      void queryClient.invalidateQueries({ queryKey: base.queryKey });
    },
    [queryClient, base.queryKey],
  );

  return { status, waiting, beginSettle };
}
