"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

export interface MenuItem {
  id: string;
  label: string;
  onSelect: () => void;
  /** Shown disabled, with why beneath the label. */
  disabledReason?: string;
}

/**
 * A button that opens a menu of actions (WAI-ARIA menu button): arrow keys move, Enter/Space pick,
 * Escape or a click elsewhere closes and focus returns to the button.
 */
export function ActionMenu({ label, items, disabled, title }: { label: ReactNode; items: MenuItem[]; disabled?: boolean; title?: string }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!open) return;
    itemRefs.current.find((el) => el && !el.disabled)?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    root.current?.querySelector<HTMLButtonElement>("[aria-haspopup=menu]")?.focus();
  };

  const onKey = (e: KeyboardEvent) => {
    const enabled = itemRefs.current.filter((el): el is HTMLButtonElement => el !== null && !el.disabled);
    const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      enabled[(at + step + enabled.length) % enabled.length]?.focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      (e.key === "Home" ? enabled[0] : enabled[enabled.length - 1])?.focus();
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  };

  return (
    <div ref={root} className="relative">
      <Button aria-haspopup="menu" aria-expanded={open} aria-controls={open ? menuId : undefined} disabled={disabled} title={title} onClick={() => setOpen((o) => !o)}>
        {label}
        <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden="true">
          <path d="m4 6 4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </Button>
      {open ? (
        <div id={menuId} role="menu" onKeyDown={onKey} className="absolute right-0 z-20 mt-1 flex w-64 flex-col rounded-md border border-border bg-surface py-1 shadow-lg">
          {items.map((item, i) => (
            <button
              key={item.id}
              ref={(el) => void (itemRefs.current[i] = el)}
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={item.disabledReason !== undefined}
              onClick={() => {
                close();
                item.onSelect();
              }}
              className="flex flex-col items-start px-3 py-1.5 text-left text-sm hover:bg-surface-muted focus:bg-surface-muted focus:outline-none disabled:cursor-not-allowed disabled:opacity-60"
            >
              {item.label}
              {item.disabledReason ? <span className="text-xs text-muted">{item.disabledReason}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
