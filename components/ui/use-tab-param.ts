"use client";

import { useCallback } from "react";
import { useSearchParamsState } from "./use-search-params-state";

/**
 * The selected tab, kept in `?tab=` so a link or a reload opens the same view; the first tab is the
 * default and leaves the URL clean. Changed in place, so the page's server render does not run again.
 */
export function useTabParam<T extends string>(tabs: readonly [T, ...T[]]): [T, (tab: T) => void] {
  const [params, update] = useSearchParamsState();
  const raw = params.get("tab");
  const fallback = tabs[0];
  const tab = tabs.find((t) => t === raw) ?? fallback;
  const select = useCallback((next: T) => update({ tab: next === fallback ? null : next }), [update, fallback]);
  return [tab, select];
}
