"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { StatusIcon } from "@/components/ui/status-icon";
import { useToast } from "@/components/ui/toast";
import { kafkaClient } from "@/lib/kafka/client";
import { kafkaKeys } from "@/lib/kafka/queries";
import { createTopicBodySchema } from "@/lib/kafka/schemas";
import { parseConfigLines } from "./config-lines";

const inputClass = "h-9 rounded-md border border-border bg-surface px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent";

export function CreateTopicDialog({ cluster, open, onClose, onCreated }: { cluster: string; open: boolean; onClose: () => void; onCreated: (name: string) => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Create topic">
      {open ? <CreateTopicForm cluster={cluster} onCancel={onClose} onCreated={onCreated} /> : null}
    </Dialog>
  );
}

function CreateTopicForm({ cluster, onCancel, onCreated }: { cluster: string; onCancel: () => void; onCreated: (name: string) => void }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [partitions, setPartitions] = useState("1");
  const [replication, setReplication] = useState("-1");
  const [configText, setConfigText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Parameters<ReturnType<typeof kafkaClient>["createTopic"]>[0]) => kafkaClient(cluster).createTopic(body),
    onSuccess: (topic) => {
      toast.show({ tone: "success", title: `Created topic ${topic.name}` });
      void queryClient.invalidateQueries({ queryKey: kafkaKeys.all(cluster) });
      onCreated(topic.name);
    },
    onError: (err) => setError(err instanceof Error ? err.message : String(err)),
  });

  const submit = () => {
    const configs = parseConfigLines(configText);
    if ("error" in configs) return setError(configs.error);
    const parsed = createTopicBodySchema.safeParse({ name: name.trim(), partitions: Number(partitions), replicationFactor: Number(replication), configs: configs.configs });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => `${i.path.join(".") || "topic"}: ${i.message}`).join("; "));
    setError(null);
    create.mutate(parsed.data);
  };

  return (
    <form
      aria-label="Create topic"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-name`} className="text-xs text-muted">
        Name
      </label>
      <input id={`${id}-name`} value={name} required autoFocus onChange={(e) => setName(e.target.value)} className={`${inputClass} -mt-2 font-mono`} />
      <div className="flex gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-partitions`} className="text-xs text-muted">
            Partitions
          </label>
          <input id={`${id}-partitions`} type="number" min={1} value={partitions} onChange={(e) => setPartitions(e.target.value)} className={`${inputClass} w-28`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-replication`} className="text-xs text-muted">
            Replication factor (−1: broker default)
          </label>
          <input id={`${id}-replication`} type="number" min={-1} value={replication} onChange={(e) => setReplication(e.target.value)} className={`${inputClass} w-28`} />
        </div>
      </div>
      <label htmlFor={`${id}-configs`} className="text-xs text-muted">
        Configs (one key=value a line, e.g. cleanup.policy=compact)
      </label>
      <textarea id={`${id}-configs`} rows={4} value={configText} onChange={(e) => setConfigText(e.target.value)} className="-mt-2 rounded-md border border-border bg-surface px-2 py-1.5 font-mono text-sm" />
      {error ? (
        <p role="alert" className="flex items-start gap-1.5 text-sm text-danger">
          <StatusIcon tone="danger" className="mt-0.5" />
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 border-t border-border pt-3">
        <Button onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create
        </Button>
      </div>
    </form>
  );
}
