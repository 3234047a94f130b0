"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useUpdateSearchParams } from "@/components/ui/use-update-search-params";

export const DETAIL_TABS = ["tasks", "configuration", "topics", "offsets"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

function isDetailTab(value: string | null): value is DetailTab {
  return (DETAIL_TABS as readonly string[]).includes(value ?? "");
}

/** The selected tab, kept in `?tab=` so a link or a reload opens the same view. */
export function useDetailTab(): [DetailTab, (tab: DetailTab) => void] {
  const params = useSearchParams();
  const update = useUpdateSearchParams();
  const raw = params.get("tab");
  const tab: DetailTab = isDetailTab(raw) ? raw : "tasks";
  const select = useCallback(
    (next: DetailTab) => update({ tab: next === "tasks" ? null : next }),
    [update],
  );
  return [tab, select];
}
