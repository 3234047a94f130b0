"use client";

export interface WizardStep {
  id: number;
  label: string;
}

/** The wizard's progress: done steps are buttons back to them, the current one is marked for assistive tech. */
export function StepIndicator({ steps, current, onGo }: { steps: readonly WizardStep[]; current: number; onGo: (id: number) => void }) {
  return (
    <nav aria-label="Progress">
      <ol className="flex flex-wrap items-center gap-2 text-sm">
        {steps.map((s, i) => {
          const state = s.id < current ? "done" : s.id === current ? "current" : "todo";
          const badge = (
            <span
              aria-hidden="true"
              className={`inline-flex size-6 items-center justify-center rounded-full border text-xs font-semibold ${
                state === "current" ? "border-accent bg-accent text-accent-foreground" : state === "done" ? "border-accent text-accent" : "border-border text-muted"
              }`}
            >
              {state === "done" ? "✓" : s.id}
            </span>
          );
          return (
            <li key={s.id} className="flex items-center gap-2" data-step-state={state}>
              {i > 0 ? <span aria-hidden="true" className="h-px w-6 bg-border" /> : null}
              {state === "done" ? (
                <button type="button" onClick={() => onGo(s.id)} className="inline-flex items-center gap-2 rounded-md px-1 py-0.5 hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent">
                  {badge}
                  <span>{s.label}</span>
                  <span className="sr-only"> (done, go back)</span>
                </button>
              ) : (
                <span className={`inline-flex items-center gap-2 px-1 ${state === "current" ? "font-semibold" : "text-muted"}`} aria-current={state === "current" ? "step" : undefined}>
                  {badge}
                  {s.label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
