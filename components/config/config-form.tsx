"use client";

import { useId } from "react";
import type { FormModel } from "@/lib/connect/config-form";
import { ConfigField, type FieldChange } from "./config-field";
import { ErrorSummary } from "./error-summary";
import { OtherKeys } from "./other-keys";

export interface ConfigFormProps {
  model: FormModel;
  onChange: FieldChange;
  onRename: (from: string, to: string) => void;
  showAdvanced: boolean;
  onShowAdvancedChange: (show: boolean) => void;
  /** Render the error summary at the top (off when the caller shows it above several views). */
  summary?: boolean;
  onJump?: (key: string) => void;
  disabled?: boolean;
}

/** The generated form: one section per definition group, then the keys the definition does not know. */
export function ConfigForm({ model, onChange, onRename, showAdvanced, onShowAdvancedChange, summary = true, onJump, disabled = false }: ConfigFormProps) {
  const toggleId = useId();
  const known = new Set([...model.groups.flatMap((g) => g.fields.map((f) => f.key)), ...model.otherKeys.map((k) => k.key)]);
  return (
    <div className="flex flex-col gap-6" data-testid="config-form">
      {summary ? <ErrorSummary errors={model.errors} onJump={onJump} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted">
          <span className="text-danger" aria-hidden="true">
            *
          </span>{" "}
          required. Empty fields use their default.
        </p>
        <label htmlFor={toggleId} className="inline-flex cursor-pointer items-center gap-2 text-sm">
          <input id={toggleId} type="checkbox" checked={showAdvanced} onChange={(e) => onShowAdvancedChange(e.target.checked)} className="size-4 accent-[var(--accent)]" />
          Show advanced settings
          {!showAdvanced && model.hiddenAdvanced > 0 ? <span className="text-xs text-muted">({model.hiddenAdvanced} hidden)</span> : null}
        </label>
      </div>
      {model.groups.map((group) =>
        group.fields.length === 0 ? null : (
          <fieldset key={group.name} className="flex flex-col gap-5 rounded-lg border border-border bg-surface px-4 pt-2 pb-4" data-group={group.name}>
            <legend className="px-1 text-sm font-semibold">
              <h3>{group.name}</h3>
            </legend>
            {group.fields.map((field) => (
              <ConfigField key={field.key} field={field} onChange={onChange} disabled={disabled} />
            ))}
            {group.hiddenAdvanced > 0 ? (
              <p className="text-xs text-muted">
                {group.hiddenAdvanced} advanced {group.hiddenAdvanced === 1 ? "setting" : "settings"} hidden.
              </p>
            ) : null}
          </fieldset>
        ),
      )}
      <OtherKeys
        keys={model.otherKeys}
        knownKeys={known}
        onChange={(k, v) => onChange(k, v)}
        onRename={onRename}
        onRemove={(k) => onChange(k, undefined)}
        disabled={disabled}
      />
    </div>
  );
}
