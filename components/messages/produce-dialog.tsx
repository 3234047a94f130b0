"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { StatusIcon } from "@/components/ui/status-icon";
import { useToast } from "@/components/ui/toast";
import { kafkaClient } from "@/lib/kafka/client";
import type { DecodedPayload } from "@/lib/kafka/decode";
import { PRODUCE_ENCODINGS, produceBodySchema, type ProduceResult, type WireRecord } from "@/lib/kafka/schemas";

/** Sends one record: partition or automatic, key, value (or a tombstone), headers. Pre-filled to re-produce a shown record. */

type Encoding = (typeof PRODUCE_ENCODINGS)[number];
const ENCODING_LABELS: Record<Encoding, string> = { text: "Text", json: "JSON", "connect-json": "Connect JSON (schema + payload)", hex: "Hex", base64: "Base64" };

interface PayloadDraft {
  isNull: boolean;
  encoding: Encoding;
  data: string;
  schema: string;
}

interface HeaderDraft {
  key: string;
  value: string;
  encoding: "text" | "hex" | "base64";
}

export interface ProduceDraft {
  partition: string;
  key: PayloadDraft;
  value: PayloadDraft;
  headers: HeaderDraft[];
}

const emptyPayload = (isNull: boolean): PayloadDraft => ({ isNull, encoding: "text", data: "", schema: '{"type":"string","optional":false}' });
export const EMPTY_PRODUCE_DRAFT: ProduceDraft = { partition: "", key: emptyPayload(true), value: emptyPayload(false), headers: [] };

function payloadDraft(p: DecodedPayload | null): PayloadDraft {
  if (p === null) return emptyPayload(true);
  return { isNull: false, encoding: p.encoding, data: p.data, schema: p.schema ?? "null" };
}

/** A draft that writes the record again (same partition, key, value and headers). */
export function reproduceDraft(record: WireRecord): ProduceDraft {
  return {
    partition: String(record.partition),
    key: payloadDraft(record.key),
    value: payloadDraft(record.value),
    headers: record.headers.map((h) => ({ key: h.key, value: h.value ?? "", encoding: h.encoding })),
  };
}

const inputClass = "rounded-md border border-border bg-surface px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent";

export function ProduceDialog({
  open,
  onClose,
  cluster,
  topic,
  partitions,
  initial,
  onProduced,
}: {
  open: boolean;
  onClose: () => void;
  cluster: string;
  topic: string;
  partitions: number;
  initial: ProduceDraft;
  onProduced: (result: ProduceResult) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={`Produce to ${topic}`} wide>
      {open ? <ProduceForm cluster={cluster} topic={topic} partitions={partitions} initial={initial} onProduced={onProduced} onCancel={onClose} /> : null}
    </Dialog>
  );
}

function ProduceForm({ cluster, topic, partitions, initial, onProduced, onCancel }: { cluster: string; topic: string; partitions: number; initial: ProduceDraft; onProduced: (r: ProduceResult) => void; onCancel: () => void }) {
  const id = useId();
  const toast = useToast();
  const [draft, setDraft] = useState<ProduceDraft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const payload = (p: PayloadDraft) => (p.isNull ? null : { encoding: p.encoding, data: p.data, ...(p.encoding === "connect-json" ? { schema: p.schema } : {}) });

  const submit = async () => {
    const parsed = produceBodySchema.safeParse({
      partition: draft.partition === "" ? null : Number(draft.partition),
      key: payload(draft.key),
      value: payload(draft.value),
      headers: draft.headers.filter((h) => h.key !== "").map((h) => ({ key: h.key, value: h.value, encoding: h.encoding })),
    });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await kafkaClient(cluster).produce(topic, parsed.data);
      toast.show({ tone: "success", title: `Produced to ${topic}`, detail: `Partition ${result.partition}, offset ${result.offset}` });
      onProduced(result);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const setPayload = (which: "key" | "value", patch: Partial<PayloadDraft>) => setDraft((d) => ({ ...d, [which]: { ...d[which], ...patch } }));

  return (
    <form
      aria-label="Produce a record"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-partition`} className="text-xs text-muted">
          Partition
        </label>
        <select id={`${id}-partition`} value={draft.partition} onChange={(e) => setDraft((d) => ({ ...d, partition: e.target.value }))} className={`${inputClass} h-8 w-56`}>
          <option value="">Automatic (by key)</option>
          {Array.from({ length: partitions }, (_, p) => (
            <option key={p} value={String(p)}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <PayloadEditor id={`${id}-key`} title="Key" nullLabel="No key (null)" draft={draft.key} onChange={(patch) => setPayload("key", patch)} />
      <PayloadEditor id={`${id}-value`} title="Value" nullLabel="Null value (tombstone)" draft={draft.value} onChange={(patch) => setPayload("value", patch)} />
      <fieldset className="flex flex-col gap-2">
        <legend className="text-xs text-muted">Headers</legend>
        {draft.headers.map((h, i) => (
          <div key={i} className="flex flex-wrap items-center gap-2">
            <input aria-label={`Header ${i + 1} key`} placeholder="key" value={h.key} onChange={(e) => setDraft((d) => ({ ...d, headers: d.headers.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)) }))} className={`${inputClass} h-8 w-48 font-mono`} />
            <input aria-label={`Header ${i + 1} value`} placeholder="value" value={h.value} onChange={(e) => setDraft((d) => ({ ...d, headers: d.headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) }))} className={`${inputClass} h-8 min-w-48 flex-1 font-mono`} />
            <select aria-label={`Header ${i + 1} encoding`} value={h.encoding} onChange={(e) => setDraft((d) => ({ ...d, headers: d.headers.map((x, j) => (j === i ? { ...x, encoding: e.target.value as HeaderDraft["encoding"] } : x)) }))} className={`${inputClass} h-8`}>
              <option value="text">text</option>
              <option value="hex">hex</option>
              <option value="base64">base64</option>
            </select>
            <Button size="sm" variant="ghost" onClick={() => setDraft((d) => ({ ...d, headers: d.headers.filter((_, j) => j !== i) }))}>
              Remove
            </Button>
          </div>
        ))}
        <div>
          <Button size="sm" onClick={() => setDraft((d) => ({ ...d, headers: [...d.headers, { key: "", value: "", encoding: "text" }] }))}>
            Add header
          </Button>
        </div>
      </fieldset>
      {error ? (
        <p role="alert" className="flex items-start gap-1.5 text-sm text-danger">
          <StatusIcon tone="danger" className="mt-0.5" />
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2 border-t border-border pt-3">
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          Produce
        </Button>
      </div>
    </form>
  );
}

function PayloadEditor({ id, title, nullLabel, draft, onChange }: { id: string; title: string; nullLabel: string; draft: PayloadDraft; onChange: (patch: Partial<PayloadDraft>) => void }) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="text-xs text-muted">{title}</legend>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={draft.isNull} onChange={(e) => onChange({ isNull: e.target.checked })} />
          {nullLabel}
        </label>
        <label className="flex items-center gap-1.5 text-xs text-muted">
          Encoding
          <select value={draft.encoding} disabled={draft.isNull} onChange={(e) => onChange({ encoding: e.target.value as Encoding })} className={`${inputClass} h-7 text-foreground`}>
            {PRODUCE_ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {ENCODING_LABELS[e]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {draft.isNull ? null : (
        <>
          <textarea id={id} aria-label={title} value={draft.data} rows={title === "Value" ? 6 : 2} onChange={(e) => onChange({ data: e.target.value })} className={`${inputClass} py-1.5 font-mono`} />
          {draft.encoding === "connect-json" ? (
            <textarea aria-label={`${title} schema`} value={draft.schema} rows={2} onChange={(e) => onChange({ schema: e.target.value })} className={`${inputClass} py-1.5 font-mono`} />
          ) : null}
        </>
      )}
    </fieldset>
  );
}
