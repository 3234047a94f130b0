"use client";

import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";

/** WAI-ARIA tabs: arrow keys move between tabs, the selected one is the only tab stop. */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
  children,
}: {
  tabs: readonly { id: T; label: ReactNode }[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  children: ReactNode;
}) {
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    const target = e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : step ? (index + step + tabs.length) % tabs.length : -1;
    if (target < 0) return;
    e.preventDefault();
    const tab = tabs[target];
    if (tab) onChange(tab.id);
    refs.current[target]?.focus();
  };
  return (
    <div className="flex flex-col">
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-border px-6 md:px-8">
        {tabs.map((tab, i) => {
          const selected = tab.id === value;
          return (
            <button
              key={tab.id}
              ref={(el) => void (refs.current[i] = el)}
              type="button"
              role="tab"
              id={`${base}-${tab.id}`}
              aria-selected={selected}
              aria-controls={`${base}-${tab.id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(tab.id)}
              onKeyDown={(e) => onKey(e, i)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm ${selected ? "border-accent font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"}`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${base}-${value}-panel`} aria-labelledby={`${base}-${value}`} className="px-6 py-5 md:px-8">
        {children}
      </div>
    </div>
  );
}
