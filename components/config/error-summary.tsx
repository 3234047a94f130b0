"use client";

import { fieldId, type FormErrorItem } from "@/lib/connect/config-form";
import { StatusIcon } from "@/components/ui/status-icon";

/**
 * Every validation error in one list above the form, each linking to its field, so a long form's
 * problems are found without scrolling through it.
 */
export function ErrorSummary({ errors, onJump }: { errors: readonly FormErrorItem[]; onJump?: (key: string) => void }) {
  if (errors.length === 0) return null;
  const count = errors.reduce((n, e) => n + e.messages.length, 0);
  return (
    <section aria-labelledby="config-error-summary" className="rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm" data-testid="error-summary">
      <h3 id="config-error-summary" className="flex items-center gap-2 font-semibold">
        <StatusIcon tone="danger" shape="cross" />
        {count === 1 ? "1 validation error" : `${count} validation errors`}
      </h3>
      <ul className="mt-2 flex flex-col gap-1">
        {errors.map((e) => (
          <li key={e.key}>
            <a
              href={`#${fieldId(e.key)}`}
              onClick={(ev) => {
                if (!onJump) return;
                ev.preventDefault();
                onJump(e.key);
              }}
              className="font-medium underline underline-offset-2"
            >
              {e.label}
              {e.label !== e.key ? <span className="ml-1 font-mono text-xs font-normal">({e.key})</span> : null}
            </a>
            <span className="text-foreground/80">: {e.messages.join("; ")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Moves focus to a key's control (and scrolls it into view); false when it is not rendered. */
export function focusField(key: string): boolean {
  const el = document.getElementById(fieldId(key));
  if (!el) return false;
  el.scrollIntoView({ block: "center" });
  el.focus();
  return true;
}
