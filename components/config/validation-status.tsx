"use client";

import { Spinner } from "@/components/ui/button";
import { StatusIcon } from "@/components/ui/status-icon";
import type { ConfigDraftState } from "./use-config-draft";

/** "Validating…", "Valid" or "N errors": announced politely as it changes. */
export function ValidationStatus({ state }: { state: ConfigDraftState }) {
  const { validation, model } = state;
  let body;
  if (validation.validating) {
    body = (
      <>
        <Spinner /> Validating…
      </>
    );
  } else if (validation.error) {
    body = (
      <>
        <StatusIcon tone="danger" /> Validation failed: {validation.error.message}
      </>
    );
  } else if (model.errorCount > 0) {
    body = (
      <>
        <StatusIcon tone="danger" shape="cross" /> {model.errorCount === 1 ? "1 error" : `${model.errorCount} errors`}
      </>
    );
  } else if (validation.current) {
    body = (
      <>
        <StatusIcon tone="success" shape="check" /> Valid
      </>
    );
  } else {
    body = <span className="text-muted">Not validated yet</span>;
  }
  return (
    <p role="status" aria-live="polite" className="inline-flex items-center gap-1.5 text-sm" data-testid="validation-status">
      {body}
    </p>
  );
}
