"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export const TOPIC_TABS = ["messages", "partitions", "configuration", "consumers", "connectors"] as const;
export type TopicTab = (typeof TOPIC_TABS)[number];

const isTopicTab = (v: string | null): v is TopicTab => (TOPIC_TABS as readonly string[]).includes(v ?? "");

/**
 * The selected tab, kept in `?tab=` (messages is the default and leaves the URL clean). Changed with
 * history.replaceState, which Next.js folds into useSearchParams without a server round trip (the
 * page's server render would otherwise run its prefetch again).
 */
export function useTopicTab(): [TopicTab, (tab: TopicTab) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const raw = params.get("tab");
  const tab: TopicTab = isTopicTab(raw) ? raw : "messages";
  const select = useCallback(
    (next: TopicTab) => {
      const query = new URLSearchParams(params);
      if (next === "messages") query.delete("tab");
      else query.set("tab", next);
      const search = query.toString();
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [params, pathname],
  );
  return [tab, select];
}
