"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { StatusIcon } from "@/components/ui/status-icon";
import { kafkaClient } from "@/lib/kafka/client";
import { CEL_EXAMPLES, CEL_VARIABLES, FIELD_OPS, TEXT_OPS, messageFilterSchema, type MessageFilter } from "@/lib/kafka/filters";
import type { FilterTestResult, WireRecord } from "@/lib/kafka/schemas";

/**
 * The viewer's filters: no-code text and JSON-field conditions, or a CEL expression evaluated on
 * the server, with a test against the opened record. Active filters show as removable chips;
 * several combine with AND.
 */

type Kind = "text" | "field" | "cel";
const TEXT_TARGET_LABELS = { value: "Value", key: "Key", header: "Header named…", "header-key": "Any header key", "header-value": "Any header value", any: "Key, value or header" } as const;
type TextTarget = keyof typeof TEXT_TARGET_LABELS;

export function describeFilter(f: MessageFilter): string {
  if (f.type === "text") return `${f.target === "header" ? `header ${f.header ?? ""}` : f.target} ${f.op} "${f.value}"${f.caseSensitive ? " (case-sensitive)" : ""}`;
  if (f.type === "field") return `${f.target}${f.path ? `.${f.path}` : ""} ${f.op}${f.op === "exists" || f.op === "not-exists" ? "" : ` ${f.value ?? ""}`}`;
  return `CEL: ${f.expression}`;
}

const inputClass = "h-8 rounded-md border border-border bg-surface px-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-accent";

export function FilterBar({
  cluster,
  topic,
  filters,
  onChange,
  selected,
  disabled,
}: {
  cluster: string;
  topic: string;
  filters: readonly MessageFilter[];
  onChange: (filters: MessageFilter[]) => void;
  /** The opened record, for "test against this record". */
  selected: WireRecord | null;
  disabled?: boolean;
}) {
  const id = useId();
  const [kind, setKind] = useState<Kind>("text");
  const [target, setTarget] = useState<TextTarget>("value");
  const [header, setHeader] = useState("");
  const [textOp, setTextOp] = useState<(typeof TEXT_OPS)[number]>("contains");
  const [text, setText] = useState("");
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [fieldTarget, setFieldTarget] = useState<"value" | "key">("value");
  const [path, setPath] = useState("");
  const [fieldOp, setFieldOp] = useState<(typeof FIELD_OPS)[number]>("==");
  const [fieldValue, setFieldValue] = useState("");
  const [expression, setExpression] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<{ running: boolean; result?: FilterTestResult; error?: string }>({ running: false });

  const draft = (): unknown => {
    if (kind === "text") return { type: "text", target, ...(target === "header" ? { header } : {}), op: textOp, value: text, caseSensitive };
    if (kind === "field") return { type: "field", target: fieldTarget, path, op: fieldOp, ...(fieldOp === "exists" || fieldOp === "not-exists" ? {} : { value: fieldValue }) };
    return { type: "cel", expression };
  };

  const add = () => {
    const parsed = messageFilterSchema.safeParse(draft());
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join("; "));
      return;
    }
    setError(null);
    onChange([...filters, parsed.data]);
    if (kind === "text") setText("");
  };

  const runTest = async () => {
    if (!selected) return;
    const parsed = messageFilterSchema.safeParse(draft());
    if (!parsed.success) {
      setTest({ running: false, error: parsed.error.issues.map((i) => i.message).join("; ") });
      return;
    }
    setTest({ running: true });
    try {
      const result = await kafkaClient(cluster).testFilter({ filter: parsed.data, record: { ...selected, topic } });
      setTest({ running: false, result });
    } catch (err) {
      setTest({ running: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <div className="flex flex-col gap-2">
      <form
        aria-label="Add a filter"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <Field label="Filter" htmlFor={`${id}-kind`}>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={inputClass}>
            <option value="text">Text</option>
            <option value="field">JSON field</option>
            <option value="cel">CEL expression</option>
          </select>
        </Field>
        {kind === "text" ? (
          <>
            <Field label="In" htmlFor={`${id}-target`}>
              <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value as TextTarget)} className={inputClass}>
                {(Object.keys(TEXT_TARGET_LABELS) as TextTarget[]).map((t) => (
                  <option key={t} value={t}>
                    {TEXT_TARGET_LABELS[t]}
                  </option>
                ))}
              </select>
            </Field>
            {target === "header" ? (
              <Field label="Header" htmlFor={`${id}-header`}>
                <input id={`${id}-header`} value={header} onChange={(e) => setHeader(e.target.value)} className={`${inputClass} w-36`} />
              </Field>
            ) : null}
            <Field label="Condition" htmlFor={`${id}-op`}>
              <select id={`${id}-op`} value={textOp} onChange={(e) => setTextOp(e.target.value as (typeof TEXT_OPS)[number])} className={inputClass}>
                {TEXT_OPS.map((op) => (
                  <option key={op} value={op}>
                    {op.replace("-", " ")}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Text" htmlFor={`${id}-text`}>
              <input id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} className={`${inputClass} w-56`} />
            </Field>
            <label className="flex h-8 items-center gap-1.5 text-xs">
              <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
              Match case
            </label>
          </>
        ) : null}
        {kind === "field" ? (
          <>
            <Field label="In" htmlFor={`${id}-ftarget`}>
              <select id={`${id}-ftarget`} value={fieldTarget} onChange={(e) => setFieldTarget(e.target.value as "value" | "key")} className={inputClass}>
                <option value="value">Value</option>
                <option value="key">Key</option>
              </select>
            </Field>
            <Field label="Field path" htmlFor={`${id}-path`}>
              <input id={`${id}-path`} value={path} placeholder="user.id" onChange={(e) => setPath(e.target.value)} className={`${inputClass} w-40 font-mono`} />
            </Field>
            <Field label="Operator" htmlFor={`${id}-fop`}>
              <select id={`${id}-fop`} value={fieldOp} onChange={(e) => setFieldOp(e.target.value as (typeof FIELD_OPS)[number])} className={inputClass}>
                {FIELD_OPS.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </select>
            </Field>
            {fieldOp === "exists" || fieldOp === "not-exists" ? null : (
              <Field label="Value (JSON or text)" htmlFor={`${id}-fvalue`}>
                <input id={`${id}-fvalue`} value={fieldValue} onChange={(e) => setFieldValue(e.target.value)} className={`${inputClass} w-40 font-mono`} />
              </Field>
            )}
          </>
        ) : null}
        {kind === "cel" ? (
          <Field label="Expression" htmlFor={`${id}-cel`} grow>
            <textarea
              id={`${id}-cel`}
              value={expression}
              rows={2}
              placeholder={CEL_EXAMPLES[0]}
              onChange={(e) => setExpression(e.target.value)}
              className="min-h-8 w-full min-w-72 rounded-md border border-border bg-surface px-2 py-1 font-mono text-sm focus-visible:outline-2 focus-visible:outline-accent"
            />
          </Field>
        ) : null}
        <Button type="submit" disabled={disabled}>
          Add filter
        </Button>
        <Button onClick={() => void runTest()} disabled={!selected} busy={test.running} title={selected ? undefined : "Open a record first"}>
          Test against opened record
        </Button>
      </form>
      {error ? (
        <p role="alert" className="flex items-center gap-1.5 text-sm text-danger">
          <StatusIcon tone="danger" />
          {error}
        </p>
      ) : null}
      <FilterTestOutcome test={test} />
      {kind === "cel" ? (
        <details className="text-xs text-muted">
          <summary className="cursor-pointer">Variables and examples</summary>
          <ul className="mt-1 grid gap-0.5 sm:grid-cols-2">
            {CEL_VARIABLES.map((v) => (
              <li key={v.name}>
                <code className="text-foreground">{v.name}</code> ({v.type}): {v.doc}
              </li>
            ))}
          </ul>
          <p className="mt-2">Examples:</p>
          <ul className="font-mono">
            {CEL_EXAMPLES.map((x) => (
              <li key={x}>
                <button type="button" className="text-accent hover:underline" onClick={() => setExpression(x)}>
                  {x}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {filters.length > 0 ? (
        <ul aria-label="Active filters" className="flex flex-wrap gap-2">
          {filters.map((f, i) => (
            <li key={`${i}-${describeFilter(f)}`} className="inline-flex items-center gap-1 rounded-full border border-border bg-accent-soft py-0.5 pr-1 pl-3 font-mono text-xs">
              {describeFilter(f)}
              <button
                type="button"
                aria-label={`Remove filter ${describeFilter(f)}`}
                disabled={disabled}
                onClick={() => onChange(filters.filter((_, j) => j !== i))}
                className="rounded-full p-0.5 text-muted hover:bg-surface-muted hover:text-foreground"
              >
                <svg viewBox="0 0 16 16" className="size-3" aria-hidden="true">
                  <path d="m4 4 8 8m0-8-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
          <li>
            <Button size="sm" variant="ghost" disabled={disabled} onClick={() => onChange([])}>
              Clear filters
            </Button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}

function FilterTestOutcome({ test }: { test: { running: boolean; result?: FilterTestResult; error?: string } }) {
  if (test.error) {
    return (
      <p role="status" className="flex items-center gap-1.5 text-sm text-danger">
        <StatusIcon tone="danger" />
        {test.error}
      </p>
    );
  }
  const r = test.result;
  if (!r) return null;
  if (!r.ok) {
    return (
      <p role="status" data-testid="filter-test" className="flex items-center gap-1.5 text-sm text-danger">
        <StatusIcon tone="danger" />
        {r.phase === "compile" ? "Does not compile" : "Failed on this record"}: {r.error}
      </p>
    );
  }
  return (
    <p role="status" data-testid="filter-test" className={`flex items-center gap-1.5 text-sm ${r.matched ? "text-success" : "text-muted"}`}>
      <StatusIcon tone={r.matched ? "success" : "neutral"} />
      {r.matched ? "Matches the opened record" : "Does not match the opened record"}
      {r.result !== undefined ? <span className="font-mono text-xs">(result: {r.result})</span> : null}
    </p>
  );
}

function Field({ label, htmlFor, children, grow }: { label: string; htmlFor: string; children: React.ReactNode; grow?: boolean }) {
  return (
    <div className={`flex flex-col gap-1 ${grow ? "min-w-72 flex-1" : ""}`}>
      <label htmlFor={htmlFor} className="text-xs text-muted">
        {label}
      </label>
      {children}
    </div>
  );
}
