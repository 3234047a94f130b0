"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { kafkaClient } from "@/lib/kafka/client";
import { kafkaKeys } from "@/lib/kafka/queries";

/** Confirms and deletes a topic; reports the outcome in a toast. */
export function DeleteTopicDialog({ cluster, topic, onClose, onDeleted }: { cluster: string; topic: string | null; onClose: () => void; onDeleted?: (topic: string) => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (name: string) => kafkaClient(cluster).deleteTopic(name),
    onSuccess: (_, name) => {
      toast.show({ tone: "success", title: `Deleted topic ${name}` });
      void queryClient.invalidateQueries({ queryKey: kafkaKeys.topics(cluster) });
      onClose();
      onDeleted?.(name);
    },
    onError: (err, name) => {
      toast.show({ tone: "danger", title: `Could not delete ${name}`, detail: err instanceof Error ? err.message : String(err) });
      onClose();
    },
  });
  return (
    <ConfirmDialog open={topic !== null} title="Delete topic" confirmLabel="Delete topic" danger busy={remove.isPending} onConfirm={() => topic && remove.mutate(topic)} onCancel={onClose}>
      <p>
        Delete <strong className="font-semibold break-all">{topic}</strong> and every record in it? Connectors that read or write it will fail or recreate it. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
