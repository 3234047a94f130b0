"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { connectClient } from "@/lib/connect/client";
import { connectKeys } from "@/lib/connect/queries";
import { settleTarget, type SettleGoal } from "./settle";

/** A state-changing action on the connector page (offsets and topics have their own, in their tabs). */
export type ActionRequest = SettleGoal | { kind: "delete" };

interface ActionText {
  /** Toast title once Connect accepted the request. */
  done: (name: string) => string;
  /** Toast title when it refused. */
  failed: (name: string) => string;
}

function text(req: ActionRequest): ActionText {
  switch (req.kind) {
    case "pause":
      return { done: (n) => `Paused ${n}`, failed: (n) => `Could not pause ${n}` };
    case "resume":
      return { done: (n) => `Resumed ${n}`, failed: (n) => `Could not resume ${n}` };
    case "stop":
      return { done: (n) => `Stopped ${n}`, failed: (n) => `Could not stop ${n}` };
    case "restart":
      return { done: (n) => `Restarted ${n}`, failed: (n) => `Could not restart ${n}` };
    case "restart-tasks":
      return { done: (n) => `Restarted ${n} and all its tasks`, failed: (n) => `Could not restart the tasks of ${n}` };
    case "restart-failed":
      return { done: (n) => `Restarted the failed tasks of ${n}`, failed: (n) => `Could not restart the failed tasks of ${n}` };
    case "restart-task":
      return { done: (n) => `Restarted task ${req.task} of ${n}`, failed: (n) => `Could not restart task ${req.task} of ${n}` };
    case "delete":
      return { done: (n) => `Deleted ${n}`, failed: (n) => `Could not delete ${n}` };
  }
}

/** The actions that ask first: they remove, shut down or interrupt work. */
function confirmation(req: ActionRequest, name: string, taskCount: number): { title: string; body: ReactNode; label: string; danger: boolean } | null {
  const strong = <strong className="font-semibold break-all">{name}</strong>;
  switch (req.kind) {
    case "stop":
      return {
        title: "Stop connector",
        label: "Stop",
        danger: true,
        body: <p>Stop {strong}? Its tasks are shut down and removed until it is resumed. A connector must be stopped before its offsets can be changed.</p>,
      };
    case "delete":
      return {
        title: "Delete connector",
        label: "Delete",
        danger: true,
        body: <p>Delete {strong}? Its configuration and status are removed from the Connect cluster. This cannot be undone; its committed offsets are kept.</p>,
      };
    case "restart-tasks":
      return {
        title: "Restart all tasks",
        label: "Restart all",
        danger: false,
        body: (
          <p>
            Restart {strong} and all its {taskCount} task{taskCount === 1 ? "" : "s"}? Running tasks stop processing while they restart.
          </p>
        ),
      };
    default:
      return null;
  }
}

async function perform(cluster: string, name: string, req: ActionRequest): Promise<void> {
  const client = connectClient(cluster);
  switch (req.kind) {
    case "pause":
      return void (await client.pause(name));
    case "resume":
      return void (await client.resume(name));
    case "stop":
      return void (await client.stop(name));
    case "restart":
      return void (await client.restart(name));
    case "restart-tasks":
      return void (await client.restart(name, { includeTasks: true }));
    case "restart-failed":
      return void (await client.restart(name, { includeTasks: true, onlyFailed: true }));
    case "restart-task":
      return void (await client.restartTask(name, req.task));
    case "delete":
      return void (await client.remove(name));
  }
}

/**
 * Runs the connector page's actions: asks first when the action is destructive, reports the answer
 * by a toast, then polls the status until it settles (`beginSettle`). Delete goes back to the list.
 */
export function useConnectorActions({
  cluster,
  name,
  taskCount,
  listHref,
  beginSettle,
  onDeleted,
}: {
  cluster: string;
  name: string;
  taskCount: number;
  listHref: string;
  beginSettle: (goal: SettleGoal) => void;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const router = useRouter();
  const [pending, setPending] = useState<ActionRequest | null>(null);

  const mutation = useMutation({
    mutationFn: (req: ActionRequest) => perform(cluster, name, req),
    onSuccess: (_data, req) => {
      setPending(null);
      if (req.kind === "delete") {
        onDeleted();
        toast.show({ tone: "success", title: text(req).done(name) });
        router.push(listHref);
        queryClient.removeQueries({ queryKey: connectKeys.connector(cluster, name) });
        void queryClient.invalidateQueries({ queryKey: connectKeys.connectors(cluster) });
        return;
      }
      toast.show({ tone: "success", title: text(req).done(name), detail: `Waiting for ${settleTarget(req)}…` });
      beginSettle(req);
      void queryClient.invalidateQueries({ queryKey: connectKeys.connectors(cluster) });
    },
    onError: (error, req) => {
      setPending(null);
      toast.show({ tone: "danger", title: text(req).failed(name), detail: error instanceof Error ? error.message : String(error) });
    },
  });

  const request = (req: ActionRequest) => {
    if (confirmation(req, name, taskCount)) setPending(req);
    else mutation.mutate(req);
  };

  const ask = pending ? confirmation(pending, name, taskCount) : null;
  const dialog = (
    <ConfirmDialog
      open={ask !== null}
      title={ask?.title ?? ""}
      confirmLabel={ask?.label ?? "Confirm"}
      danger={ask?.danger ?? false}
      busy={mutation.isPending}
      onConfirm={() => pending && mutation.mutate(pending)}
      onCancel={() => setPending(null)}
    >
      {ask?.body}
    </ConfirmDialog>
  );

  return { request, dialog, busy: mutation.isPending, running: mutation.isPending ? mutation.variables : undefined };
}

export type ConnectorActions = ReturnType<typeof useConnectorActions>;
