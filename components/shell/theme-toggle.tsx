"use client";

import { useSyncExternalStore } from "react";
import { THEMES, THEME_STORAGE_KEY, applyTheme, parseTheme, type Theme } from "@/lib/theme";

const THEME_EVENT = "ferry-theme-change";

function subscribe(onChange: () => void): () => void {
  window.addEventListener(THEME_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(THEME_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

function readStoredTheme(): Theme {
  try {
    return parseTheme(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

function setTheme(theme: Theme): void {
  try {
    if (theme === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
  applyTheme(document.documentElement, theme);
  window.dispatchEvent(new Event(THEME_EVENT));
}

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

export function ThemeToggle() {
  // The server cannot know the stored choice; it renders "system" and the client corrects it.
  const theme = useSyncExternalStore(subscribe, readStoredTheme, () => "system" as const);
  return (
    <div role="group" aria-label="Theme" className="flex rounded-md border border-border p-0.5 text-xs">
      {THEMES.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={theme === option}
          onClick={() => setTheme(option)}
          className={
            theme === option
              ? "flex-1 rounded px-2 py-1 font-medium bg-surface-muted text-foreground"
              : "flex-1 rounded px-2 py-1 text-muted hover:text-foreground"
          }
        >
          {LABELS[option]}
        </button>
      ))}
    </div>
  );
}
