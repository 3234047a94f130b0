"use client";

import { usePathname } from "next/navigation";
import { useCallback } from "react";

/**
 * Changes the page's query string in place (`null` or "" removes a key) with
 * history.replaceState, which Next.js folds into useSearchParams without a server round trip:
 * a control driven by the URL (a checkbox, a tab, a search box) shows its new state at once, the
 * page's server render does not run again, and typing adds no history entries. Reads the current
 * URL, so two quick updates never undo each other.
 */
export function useUpdateSearchParams(): (changes: Readonly<Record<string, string | null>>) => void {
  const pathname = usePathname();
  return useCallback(
    (changes) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      const text = next.toString();
      window.history.replaceState(null, "", text ? `${pathname}?${text}` : pathname);
    },
    [pathname],
  );
}
