// The console's colour theme. "system" follows the operating system (prefers-color-scheme); "light"
// and "dark" are the user's explicit choice, stored in localStorage and shown as a class on <html>.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_STORAGE_KEY = "ferry-theme";

export function parseTheme(value: unknown): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/**
 * Applies a theme to a document root: `.light` / `.dark` for an explicit choice, neither for "system"
 * (the stylesheet then follows prefers-color-scheme).
 */
export function applyTheme(root: { classList: DOMTokenList }, theme: Theme): void {
  root.classList.toggle("light", theme === "light");
  root.classList.toggle("dark", theme === "dark");
}

/**
 * Inline script run before first paint, so an explicit choice shows without a flash of the other
 * theme. It mirrors parseTheme + applyTheme; keep them in step.
 */
export const themeInitScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t==="light"||t==="dark"){document.documentElement.classList.add(t);}}catch(e){}})();`;
