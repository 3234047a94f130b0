"use client";

import { useId, type ReactNode } from "react";
import { DECODE_MODES, type DecodeMode } from "@/lib/kafka/decode";
import { FORM_START_MODES, type Decoding, type FormStartMode, type ScanForm } from "./scan-form";

/** Where a scan starts and ends, which partitions, how many records, and how keys/values are decoded. */

const inputClass = "h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50";
const DECODE_LABELS: Record<DecodeMode, string> = { auto: "Auto", json: "JSON", "connect-json": "Connect JSON", text: "Text", hex: "Hex", base64: "Base64" };

export function ScanControls({
  form,
  onForm,
  decoding,
  onDecoding,
  disabled,
  actions,
}: {
  form: ScanForm;
  onForm: (patch: Partial<ScanForm>) => void;
  decoding: Decoding;
  onDecoding: (next: Decoding) => void;
  disabled: boolean;
  actions: ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-end gap-x-3 gap-y-2">
      <Field label="Start" htmlFor={`${id}-from`}>
        <select id={`${id}-from`} value={form.from} disabled={disabled} onChange={(e) => onForm({ from: e.target.value as FormStartMode })} className={inputClass}>
          {FORM_START_MODES.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </Field>
      {form.from === "newest" ? (
        <Field label="N (default: max results)" htmlFor={`${id}-count`}>
          <input id={`${id}-count`} inputMode="numeric" value={form.count} disabled={disabled} placeholder={form.limit} onChange={(e) => onForm({ count: e.target.value })} className={`${inputClass} w-28`} />
        </Field>
      ) : null}
      {form.from === "offset" ? (
        <>
          <Field label="Offset (every partition)" htmlFor={`${id}-offset`}>
            <input id={`${id}-offset`} inputMode="numeric" value={form.offset} disabled={disabled || form.offsets.trim() !== ""} onChange={(e) => onForm({ offset: e.target.value })} className={`${inputClass} w-28`} />
          </Field>
          <Field label="or per partition (p:offset,…)" htmlFor={`${id}-offsets`}>
            <input id={`${id}-offsets`} value={form.offsets} disabled={disabled} placeholder="0:120,1:340" onChange={(e) => onForm({ offsets: e.target.value })} className={`${inputClass} w-40 font-mono`} />
          </Field>
        </>
      ) : null}
      {form.from === "timestamp" ? (
        <Field label="From time" htmlFor={`${id}-ts`}>
          <input id={`${id}-ts`} type="datetime-local" step="1" value={form.timestamp} disabled={disabled} onChange={(e) => onForm({ timestamp: e.target.value })} className={inputClass} />
        </Field>
      ) : null}
      <Field label="End" htmlFor={`${id}-end`}>
        <select id={`${id}-end`} value={form.end} disabled={disabled} onChange={(e) => onForm({ end: e.target.value as ScanForm["end"] })} className={inputClass}>
          <option value="none">Latest offset</option>
          <option value="offset">Before offset</option>
          <option value="timestamp">At time</option>
        </select>
      </Field>
      {form.end === "offset" ? (
        <Field label="End offset (exclusive)" htmlFor={`${id}-endoffset`}>
          <input id={`${id}-endoffset`} inputMode="numeric" value={form.endOffset} disabled={disabled} onChange={(e) => onForm({ endOffset: e.target.value })} className={`${inputClass} w-28`} />
        </Field>
      ) : null}
      {form.end === "timestamp" ? (
        <Field label="End time" htmlFor={`${id}-endts`}>
          <input id={`${id}-endts`} type="datetime-local" step="1" value={form.endTimestamp} disabled={disabled} onChange={(e) => onForm({ endTimestamp: e.target.value })} className={inputClass} />
        </Field>
      ) : null}
      <Field label="Partitions" htmlFor={`${id}-partitions`}>
        <input id={`${id}-partitions`} value={form.partitions} disabled={disabled} placeholder="all" onChange={(e) => onForm({ partitions: e.target.value })} className={`${inputClass} w-24 font-mono`} />
      </Field>
      <Field label="Max results" htmlFor={`${id}-limit`}>
        <input id={`${id}-limit`} inputMode="numeric" value={form.limit} disabled={disabled} onChange={(e) => onForm({ limit: e.target.value })} className={`${inputClass} w-24`} />
      </Field>
      <Field label="Key as" htmlFor={`${id}-kenc`}>
        <select id={`${id}-kenc`} value={decoding.keyEncoding} disabled={disabled} onChange={(e) => onDecoding({ ...decoding, keyEncoding: e.target.value as DecodeMode })} className={inputClass}>
          {DECODE_MODES.map((m) => (
            <option key={m} value={m}>
              {DECODE_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Value as" htmlFor={`${id}-venc`}>
        <select id={`${id}-venc`} value={decoding.valueEncoding} disabled={disabled} onChange={(e) => onDecoding({ ...decoding, valueEncoding: e.target.value as DecodeMode })} className={inputClass}>
          {DECODE_MODES.map((m) => (
            <option key={m} value={m}>
              {DECODE_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex flex-wrap items-center gap-2">{actions}</div>
    </div>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs text-muted">
        {label}
      </label>
      {children}
    </div>
  );
}
