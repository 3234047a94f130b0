"use client";

import { useId } from "react";
import { maskSecrets, type ConfigDraft, type FormModel } from "@/lib/connect/config-form";
import { toConnectJson } from "@/lib/connect/config-text";
import { CodeBlock } from "@/components/ui/code-block";
import { StatusIcon } from "@/components/ui/status-icon";

export type InitialState = "RUNNING" | "PAUSED" | "STOPPED";

/** Step 3: the exact request that will be sent (secrets masked), what to double-check, and the initial state. */
export function ReviewStep({
  draft,
  model,
  initialState,
  onInitialStateChange,
}: {
  draft: ConfigDraft;
  model: FormModel;
  initialState: InitialState;
  onInitialStateChange: (s: InitialState) => void;
}) {
  const id = useId();
  const { name = "", ...config } = draft;
  const warnings = [
    ...model.otherKeys.map((k) => `“${k.key}” is not described by the plugin: check its spelling; it is sent as it is.`),
  ];
  return (
    <div className="flex flex-col gap-5">
      {warnings.length > 0 ? (
        <section aria-labelledby={`${id}-warn`} className="rounded-lg border border-warning/50 bg-warning-soft px-4 py-3 text-sm" data-testid="review-warnings">
          <h3 id={`${id}-warn`} className="flex items-center gap-2 font-semibold">
            <StatusIcon tone="warning" /> {warnings.length === 1 ? "1 thing to check" : `${warnings.length} things to check`}
          </h3>
          <ul className="mt-1 list-disc pl-6">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="flex items-center gap-2 text-sm">
          <StatusIcon tone="success" shape="check" /> The configuration is valid.
        </p>
      )}
      <div className="flex flex-col gap-2">
        <h3 className="text-sm font-semibold">Request</h3>
        <p className="text-xs text-muted">POST /connectors with this body{model.secretKeys.some((k) => draft[k]) ? "; secrets are masked here and sent as typed" : ""}.</p>
        <div data-testid="review-json">
          <CodeBlock label="Connector JSON">{toConnectJson(name, maskSecrets(config, model.secretKeys))}</CodeBlock>
        </div>
      </div>
      <label className="flex max-w-xs flex-col gap-1 text-sm font-medium" htmlFor={`${id}-state`}>
        Initial state
        <select
          id={`${id}-state`}
          value={initialState}
          onChange={(e) => onInitialStateChange(e.target.value as InitialState)}
          className="h-9 rounded-md border border-border bg-surface px-2 text-sm font-normal text-foreground"
        >
          <option value="RUNNING">Running: start at once</option>
          <option value="PAUSED">Paused: create tasks, do not process</option>
          <option value="STOPPED">Stopped: no tasks until resumed</option>
        </select>
      </label>
    </div>
  );
}
