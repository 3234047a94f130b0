"use client";

import { useId, useState } from "react";
import { maskSecrets, restoreSecrets, type ConfigDraft } from "@/lib/connect/config-form";
import { describeConfigTextError, parseJsonConfig, toFlatJson, type ConfigTextError } from "@/lib/connect/config-text";
import { StatusIcon } from "@/components/ui/status-icon";

/**
 * The draft as a flat JSON map in a monospace textarea with line numbers: no editor dependency, so
 * native keyboard handling, selection and screen-reader support come for free. Each edit that
 * parses updates the shared draft; while the text does not parse, the draft keeps its last good
 * version and the error is shown with its line and column. Secrets show as "[hidden]"; leaving
 * that text in place keeps the secret.
 */
export function JsonConfigEditor({
  value,
  secretKeys,
  onChange,
  label = "Configuration as JSON",
  disabled = false,
}: {
  value: ConfigDraft;
  secretKeys: readonly string[];
  onChange: (draft: ConfigDraft) => void;
  label?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const format = (draft: ConfigDraft) => toFlatJson(maskSecrets(draft, secretKeys));
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<ConfigTextError | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  // The draft can also change from outside (the name field, a paste); re-print it unless the change
  // is the one this editor just made.
  const [seen, setSeen] = useState(value);
  const [emitted, setEmitted] = useState<ConfigDraft | null>(null);
  if (value !== seen) {
    setSeen(value);
    if (value !== emitted) {
      setText(format(value));
      setError(null);
    }
  }

  const edit = (next: string) => {
    setText(next);
    const parsed = parseJsonConfig(next);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setWarnings(parsed.value.warnings);
    const withName = parsed.value.name !== undefined ? { name: parsed.value.name, ...parsed.value.config } : parsed.value.config;
    const draft = restoreSecrets(withName, value, secretKeys);
    setEmitted(draft);
    onChange(draft);
  };

  const lines = text.split("\n").length;
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className={`flex max-h-[70dvh] min-h-64 overflow-auto rounded-md border bg-code ${error ? "border-danger" : "border-border"}`}>
        <div aria-hidden="true" className="sticky left-0 shrink-0 border-r border-border bg-surface-muted px-2 py-2 text-right font-mono text-[13px] leading-5 text-muted select-none">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={error?.line === i + 1 ? "font-bold text-danger" : undefined}>
              {error?.line === i + 1 ? "▸" : ""}
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={id}
          value={text}
          disabled={disabled}
          onChange={(e) => edit(e.target.value)}
          rows={lines + 1}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className="min-w-0 flex-1 resize-none overflow-hidden bg-transparent px-3 py-2 font-mono text-[13px] leading-5 text-foreground outline-none focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-inset"
          data-testid="json-editor"
        />
      </div>
      {error ? (
        <p id={`${id}-error`} aria-live="polite" className="flex items-start gap-1.5 text-sm text-danger" data-testid="json-error">
          <StatusIcon tone="danger" shape="cross" className="mt-0.5" />
          <span>
            {describeConfigTextError(error)} The form and validation keep the last version that parsed.
          </span>
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted">
          A flat map of keys to string values. Secrets show as “[hidden]”: leave that text to keep a secret, or type a new one.
        </p>
      )}
      {warnings.length > 0 ? (
        <ul className="text-xs text-warning">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
