"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export const DETAIL_TABS = ["tasks", "configuration", "topics", "offsets"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

function isDetailTab(value: string | null): value is DetailTab {
  return (DETAIL_TABS as readonly string[]).includes(value ?? "");
}

/** The selected tab, kept in `?tab=` so a link or a reload opens the same view. */
export function useDetailTab(): [DetailTab, (tab: DetailTab) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get("tab");
  const tab: DetailTab = isDetailTab(raw) ? raw : "tasks";
  const select = useCallback(
    (next: DetailTab) => {
      const query = new URLSearchParams(params);
      if (next === "tasks") query.delete("tab");
      else query.set("tab", next);
      const search = query.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );
  return [tab, select];
}
