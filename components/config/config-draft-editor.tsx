"use client";

import { useState, type ReactNode } from "react";
import { renameDraftKey, setDraftValue, type ConfigDraft } from "@/lib/connect/config-form";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { Tabs } from "@/components/ui/tabs";
import { ConfigForm } from "./config-form";
import { ErrorSummary, focusField } from "./error-summary";
import { JsonConfigEditor } from "./json-config-editor";
import type { ConfigDraftState } from "./use-config-draft";
import { ValidationStatus } from "./validation-status";

export type ConfigView = "form" | "json";

/**
 * Two views of one draft: the generated form and the JSON text. Both read and write the same draft,
 * so switching never loses a key; errors are summarised above whichever view is shown.
 */
export function ConfigDraftEditor({
  state,
  draft,
  onDraftChange,
  header,
  disabled = false,
}: {
  state: ConfigDraftState;
  draft: ConfigDraft;
  onDraftChange: (draft: ConfigDraft) => void;
  /** Rendered above the tabs (the wizard's name field). */
  header?: ReactNode;
  disabled?: boolean;
}) {
  const [view, setView] = useState<ConfigView>("form");
  const { model } = state;

  const jump = (key: string) => {
    setView("form");
    state.setShowAdvanced(true);
    // The field may only exist after the switch renders.
    requestAnimationFrame(() => requestAnimationFrame(() => focusField(key)));
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ValidationStatus state={state} />
      </div>
      <ErrorSummary errors={model.errors} onJump={jump} />
      {header}
      <div className="-mx-6 md:-mx-8">
        <Tabs
          label="Configuration view"
          value={view}
          onChange={setView}
          tabs={[
            { id: "form", label: "Form" },
            { id: "json", label: "JSON" },
          ]}
        >
          {state.definitionsPending ? <LoadingState label="Loading the plugin's settings…" /> : null}
          {state.definitionsError ? (
            <div className="mb-4">
              <ErrorState title="Could not load the plugin's config definition" error={state.definitionsError} />
            </div>
          ) : null}
          {view === "form" ? (
            <ConfigForm
              model={model}
              summary={false}
              disabled={disabled}
              showAdvanced={state.showAdvanced}
              onShowAdvancedChange={state.setShowAdvanced}
              onChange={(key, value) => onDraftChange(setDraftValue(draft, key, value))}
              onRename={(from, to) => onDraftChange(renameDraftKey(draft, from, to))}
              onJump={jump}
            />
          ) : (
            <JsonConfigEditor value={draft} secretKeys={model.secretKeys} onChange={onDraftChange} disabled={disabled} />
          )}
        </Tabs>
      </div>
    </div>
  );
}
