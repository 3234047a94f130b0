"use client";

import { useState } from "react";
import { isMaskedValue } from "@/lib/connect/config-diff";
import { fieldId, type FormField } from "@/lib/connect/config-form";
import { StatusIcon } from "@/components/ui/status-icon";

/** `undefined` removes the key from the draft: the definition's default applies again. */
export type FieldChange = (key: string, value: string | undefined) => void;

const INPUT =
  "h-9 w-full rounded-md border bg-surface px-2.5 text-sm text-foreground placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent disabled:opacity-60";

function inputBorder(field: FormField): string {
  return field.errors.length > 0 ? "border-danger" : "border-border";
}

/** One generated field: label, control, documentation and errors, tied together for assistive tech. */
export function ConfigField({ field, onChange, disabled = false }: { field: FormField; onChange: FieldChange; disabled?: boolean }) {
  const id = fieldId(field.key);
  const docId = `${id}-doc`;
  const errId = `${id}-errors`;
  const describedBy = [field.errors.length > 0 ? errId : null, field.documentation ? docId : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.key,
    disabled,
    "aria-invalid": field.errors.length > 0 ? (true as const) : undefined,
    "aria-describedby": describedBy,
    "aria-required": field.required || undefined,
  };

  return (
    <div className="flex flex-col gap-1.5" data-config-key={field.key} data-kind={field.kind}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <label htmlFor={id} className="text-sm font-medium">
          {field.label}
          {field.required ? (
            <span className="ml-0.5 text-danger" title="Required">
              <span aria-hidden="true">*</span>
              <span className="sr-only"> (required)</span>
            </span>
          ) : null}
        </label>
        {field.label !== field.key ? <code className="font-mono text-xs text-muted">{field.key}</code> : null}
        <span className="text-[11px] tracking-wide text-muted uppercase">{field.type.toLowerCase()}</span>
        {field.advanced ? <span className="rounded border border-border px-1 text-[10px] tracking-wide text-muted uppercase">advanced</span> : null}
      </div>
      <Control field={field} common={common} onChange={onChange} />
      {field.errors.length > 0 ? (
        <ul id={errId} className="flex flex-col gap-0.5 text-xs text-danger">
          {field.errors.map((e, i) => (
            <li key={i} className="flex items-start gap-1">
              <StatusIcon tone="danger" shape="cross" className="mt-px size-3.5" />
              <span>{e}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {field.documentation ? (
        <p id={docId} className="text-xs leading-relaxed text-muted">
          {field.documentation}
        </p>
      ) : null}
    </div>
  );
}

type Common = {
  id: string;
  name: string;
  disabled: boolean;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  "aria-required": boolean | undefined;
};

function placeholderOf(field: FormField): string | undefined {
  // A PASSWORD key's default comes back as Kafka's "[hidden]": no use as a hint.
  const shown = field.type !== "PASSWORD" && field.defaultValue !== null && field.defaultValue !== "";
  if (shown) return `Default: ${field.defaultValue}`;
  return field.required ? "Required" : undefined;
}

function Control({ field, common, onChange }: { field: FormField; common: Common; onChange: FieldChange }) {
  const set = (raw: string) => onChange(field.key, raw === "" ? undefined : raw);
  switch (field.kind) {
    case "boolean":
      return <BooleanControl field={field} common={common} onChange={onChange} />;
    case "password":
      return <PasswordControl field={field} common={common} onChange={onChange} />;
    case "select":
      return <SelectControl field={field} common={common} onChange={onChange} />;
    case "integer":
    case "float":
      // Text with a numeric keyboard rather than type=number: a number input cannot show (or let
      // the user fix) an invalid value pasted from JSON such as "abc", and LONG values exceed
      // what a browser's number input holds exactly. The checks come from the form model.
      return (
        <input
          {...common}
          type="text"
          inputMode={field.kind === "integer" ? "numeric" : "decimal"}
          autoComplete="off"
          spellCheck={false}
          value={field.value ?? ""}
          placeholder={placeholderOf(field)}
          onChange={(e) => set(e.target.value)}
          className={`${INPUT} ${inputBorder(field)} max-w-60 font-mono`}
        />
      );
    case "list":
      return (
        <>
          <input
            {...common}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={field.value ?? ""}
            placeholder={placeholderOf(field) ?? "Comma-separated values"}
            onChange={(e) => set(e.target.value)}
            className={`${INPUT} ${inputBorder(field)} font-mono`}
          />
          <ListChips value={field.value} />
        </>
      );
    case "class":
    case "text":
      return (
        <>
          <input
            {...common}
            type="text"
            list={field.suggestions.length > 0 ? `${common.id}-suggestions` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={field.value ?? ""}
          placeholder={placeholderOf(field)}
          onChange={(e) => set(e.target.value)}
          className={`${INPUT} ${inputBorder(field)} ${field.kind === "class" ? "font-mono" : ""}`}
          />
          {field.suggestions.length > 0 ? (
            <datalist id={`${common.id}-suggestions`}>
              {field.suggestions.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ) : null}
        </>
      );
  }
}

/** The items of a LIST value as chips, so "a, b" reads as two entries. */
function ListChips({ value }: { value: string | undefined }) {
  const items = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length < 2) return null;
  return (
    <ul aria-label="List items" className="flex flex-wrap gap-1">
      {items.map((item, i) => (
        <li key={`${i}-${item}`} className="rounded bg-surface-muted px-1.5 py-px font-mono text-xs">
          {item}
        </li>
      ))}
    </ul>
  );
}

function BooleanControl({ field, common, onChange }: { field: FormField; common: Common; onChange: FieldChange }) {
  const effective = (field.value ?? field.defaultValue ?? "false").toLowerCase() === "true";
  return (
    <div className="flex items-center gap-3">
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm">
        <input
          {...common}
          type="checkbox"
          role="switch"
          checked={effective}
          onChange={(e) => onChange(field.key, String(e.target.checked))}
          className="size-4 accent-[var(--accent)]"
        />
        <span>{effective ? "On" : "Off"}</span>
        {field.value === undefined && field.defaultValue !== null ? <span className="text-xs text-muted">(default)</span> : null}
      </label>
      {field.value !== undefined ? <ResetButton field={field} onChange={onChange} /> : null}
    </div>
  );
}

function ResetButton({ field, onChange }: { field: FormField; onChange: FieldChange }) {
  if (field.defaultValue === null) return null;
  return (
    <button type="button" onClick={() => onChange(field.key, undefined)} className="rounded text-xs text-accent underline-offset-2 hover:underline">
      Use default ({field.defaultValue === "" ? "empty" : field.defaultValue})
    </button>
  );
}

/**
 * A secret input. A value read back masked ("[hidden]") is shown as an empty input: left empty, the
 * stored secret is kept (the console's server puts it back in place of the mask); typed, it is replaced.
 */
function PasswordControl({ field, common, onChange }: { field: FormField; common: Common; onChange: FieldChange }) {
  const [reveal, setReveal] = useState(false);
  const masked = isMaskedValue(field.value);
  return (
    <>
      <div className="flex items-center gap-2">
        <input
          {...common}
          type={reveal ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          value={masked ? "" : (field.value ?? "")}
          placeholder={masked ? "Unchanged (kept): type to replace" : placeholderOf(field)}
          onChange={(e) => onChange(field.key, e.target.value === "" ? (masked ? field.value : undefined) : e.target.value)}
          className={`${INPUT} ${inputBorder(field)} font-mono`}
          data-secret="true"
        />
        <button
          type="button"
          onClick={() => setReveal((r) => !r)}
          aria-pressed={reveal}
          aria-controls={common.id}
          disabled={masked}
          className="h-9 shrink-0 rounded-md border border-border px-2.5 text-xs hover:bg-surface-muted disabled:opacity-50"
        >
          {reveal ? "Hide" : "Show"}
        </button>
      </div>
      {masked ? <p className="text-xs text-muted">Unchanged (kept): the stored secret stays as it is unless you type a new one.</p> : null}
    </>
  );
}

const NOT_SET = "\u0000not-set";
const CUSTOM = "\u0000custom";

/** Recommended values as a select, with "Custom value…" for anything else the type accepts. */
function SelectControl({ field, common, onChange }: { field: FormField; common: Common; onChange: FieldChange }) {
  const inOptions = field.value === undefined || field.options.includes(field.value);
  const [customChosen, setCustomChosen] = useState(false);
  const custom = field.allowCustom && (customChosen || !inOptions);
  const selectValue = custom ? CUSTOM : (field.value ?? NOT_SET);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        {...common}
        id={custom ? `${common.id}-choice` : common.id}
        aria-label={custom ? `${field.label}: choice` : undefined}
        value={selectValue}
        onChange={(e) => {
          const v = e.target.value;
          if (v === CUSTOM) {
            setCustomChosen(true);
            return;
          }
          setCustomChosen(false);
          onChange(field.key, v === NOT_SET ? undefined : v);
        }}
        className={`${INPUT} ${inputBorder(field)} w-auto max-w-full min-w-48 pr-8`}
      >
        <option value={NOT_SET}>{field.defaultValue ? `Default (${field.defaultValue})` : "Not set"}</option>
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
        {field.allowCustom ? <option value={CUSTOM}>Custom value…</option> : null}
      </select>
      {custom ? (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={field.value ?? ""}
          placeholder="Custom value"
          onChange={(e) => onChange(field.key, e.target.value === "" ? undefined : e.target.value)}
          className={`${INPUT} ${inputBorder(field)} min-w-48 flex-1 font-mono`}
          data-custom="true"
        />
      ) : null}
    </div>
  );
}
