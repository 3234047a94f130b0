"use client";

import { useCallback, useMemo } from "react";
import { useSearchParamsState } from "@/components/ui/use-search-params-state";
import { parseListState, serialiseListState, type ListState } from "@/lib/connect/connector-list";

/**
 * The list's view state, read from and written to the URL. Writes replace the current history entry
 * (typing a search adds no entries); other query keys such as `cluster` are kept.
 */
export function useListState(): [ListState, (patch: Partial<ListState>) => void] {
  const [params, setParams] = useSearchParamsState();
  const text = params.toString();
  const state = useMemo(() => parseListState(new URLSearchParams(text)), [text]);
  const update = useCallback(
    (patch: Partial<ListState>) => setParams((current) => serialiseListState({ ...parseListState(current), ...patch }, current)),
    [setParams],
  );
  return [state, update];
}
