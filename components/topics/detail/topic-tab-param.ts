"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useUpdateSearchParams } from "@/components/ui/use-update-search-params";

export const TOPIC_TABS = ["messages", "partitions", "configuration", "consumers", "connectors"] as const;
export type TopicTab = (typeof TOPIC_TABS)[number];

const isTopicTab = (v: string | null): v is TopicTab => (TOPIC_TABS as readonly string[]).includes(v ?? "");

/**
 * The selected tab, kept in `?tab=` (messages is the default and leaves the URL clean). Changed in
 * place, so the page's server render does not run its prefetch again.
 */
export function useTopicTab(): [TopicTab, (tab: TopicTab) => void] {
  const params = useSearchParams();
  const update = useUpdateSearchParams();
  const raw = params.get("tab");
  const tab: TopicTab = isTopicTab(raw) ? raw : "messages";
  const select = useCallback(
    (next: TopicTab) => update({ tab: next === "messages" ? null : next }),
    [update],
  );
  return [tab, select];
}
