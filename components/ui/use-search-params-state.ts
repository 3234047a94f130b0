"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/** Keys to set (`null` or "" removes one), or a function from the current params to the next. */
type ParamChanges = Readonly<Record<string, string | null>> | ((current: URLSearchParams) => URLSearchParams);

/**
 * The page's query string as state, for controls driven by the URL (a checkbox, a tab, a search
 * box). An update is shown at once from local state and written with
 * history.replaceState, which Next.js folds into useSearchParams without a server round trip and
 * without history entries. Next.js applies that change in a transition, which a busy browser can
 * defer past the click: a controlled checkbox or input would snap back until then, so the local
 * copy is what the control reads while it still matches the address bar. Back/forward and links
 * change the address bar, and the URL's own params win again.
 */
export function useSearchParamsState(): [URLSearchParams, (changes: ParamChanges) => void] {
  const fromUrl = useSearchParams();
  const pathname = usePathname();
  const [local, setLocal] = useState<string | null>(null);

  const update = useCallback(
    (changes: ParamChanges) => {
      const text = applyChanges(new URLSearchParams(window.location.search), changes).toString();
      setLocal(text);
      window.history.replaceState(null, "", text ? `${pathname}?${text}` : pathname);
    },
    [pathname],
  );

  const current = local !== null && typeof window !== "undefined" && window.location.search.replace(/^\?/, "") === local ? new URLSearchParams(local) : fromUrl;
  return [current, update];
}

function applyChanges(current: URLSearchParams, changes: ParamChanges): URLSearchParams {
  if (typeof changes === "function") return changes(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") current.delete(key);
    else current.set(key, value);
  }
  return current;
}
