"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseListState, serialiseListState, type ListState } from "@/lib/connect/connector-list";

/**
 * The list's view state, read from and written to the URL. Writes replace the current history entry
 * (typing a search adds no entries) through history.replaceState, which Next's router picks up
 * without a server round trip; other query keys such as `cluster` are kept.
 */
export function useListState(): [ListState, (patch: Partial<ListState>) => void] {
  const params = useSearchParams();
  const state = useMemo(() => parseListState(new URLSearchParams(params.toString())), [params]);
  const update = useCallback((patch: Partial<ListState>) => {
    const current = new URLSearchParams(window.location.search);
    const next = serialiseListState({ ...parseListState(current), ...patch }, current).toString();
    window.history.replaceState(null, "", next ? `?${next}` : window.location.pathname);
  }, []);
  return [state, update];
}
