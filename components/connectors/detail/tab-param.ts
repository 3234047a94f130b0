"use client";

import { useTabParam } from "@/components/ui/use-tab-param";

export const DETAIL_TABS = ["tasks", "configuration", "topics", "offsets"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/** The connector page's selected tab, kept in `?tab=`. */
export const useDetailTab = (): [DetailTab, (tab: DetailTab) => void] => useTabParam(DETAIL_TABS);
