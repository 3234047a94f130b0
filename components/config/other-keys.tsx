"use client";

import { useState } from "react";
import type { OtherKey } from "@/lib/connect/config-form";
import { Button } from "@/components/ui/button";

const INPUT =
  "h-8 w-full rounded-md border border-border bg-surface px-2 font-mono text-xs text-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent";

/**
 * Settings the plugin's definition does not describe (client overrides, a newer connector's keys,
 * typos): kept in the draft, editable and removable here, and addable by hand.
 */
export function OtherKeys({
  keys,
  knownKeys,
  onChange,
  onRename,
  onRemove,
  disabled = false,
}: {
  keys: readonly OtherKey[];
  /** Keys that already exist, to refuse adding a duplicate. */
  knownKeys: ReadonlySet<string>;
  onChange: (key: string, value: string) => void;
  onRename: (from: string, to: string) => void;
  onRemove: (key: string) => void;
  disabled?: boolean;
}) {
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  const trimmed = newKey.trim();
  const duplicate = trimmed !== "" && knownKeys.has(trimmed);
  const add = () => {
    if (trimmed === "" || duplicate) return;
    onChange(trimmed, newValue);
    setNewKey("");
    setNewValue("");
  };
  return (
    <section aria-labelledby="config-other-keys" className="flex flex-col gap-3" data-testid="other-keys">
      <div>
        <h3 id="config-other-keys" className="text-sm font-semibold">
          Other keys
        </h3>
        <p className="text-xs text-muted">Settings the plugin does not describe. They are kept and sent as they are.</p>
      </div>
      {keys.length > 0 ? (
        <ul className="flex flex-col gap-2">
          {keys.map(({ key, value }) => (
            <li key={key} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2" data-other-key={key}>
              <input
                aria-label={`Key name of ${key}`}
                defaultValue={key}
                disabled={disabled}
                spellCheck={false}
                onBlur={(e) => {
                  const to = e.target.value.trim();
                  if (to && to !== key && !knownKeys.has(to)) onRename(key, to);
                  else e.target.value = key;
                }}
                onKeyDown={(e) => {
                  if (e.key === "Enter") e.currentTarget.blur();
                }}
                className={INPUT}
              />
              <input aria-label={`Value of ${key}`} value={value} disabled={disabled} spellCheck={false} onChange={(e) => onChange(key, e.target.value)} className={INPUT} />
              <Button size="sm" variant="ghost" disabled={disabled} onClick={() => onRemove(key)} aria-label={`Remove ${key}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2">
        <input
          aria-label="New key"
          placeholder="new.key"
          value={newKey}
          disabled={disabled}
          spellCheck={false}
          aria-invalid={duplicate || undefined}
          onChange={(e) => setNewKey(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") add();
          }}
          className={INPUT}
        />
        <input
          aria-label="New value"
          placeholder="value"
          value={newValue}
          disabled={disabled}
          spellCheck={false}
          onChange={(e) => setNewValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") add();
          }}
          className={INPUT}
        />
        <Button size="sm" disabled={disabled || trimmed === "" || duplicate} onClick={add}>
          Add key
        </Button>
      </div>
      {duplicate ? <p className="text-xs text-danger">“{trimmed}” is already set; edit it where it is.</p> : null}
    </section>
  );
}
