"use client";

import { useTabParam } from "@/components/ui/use-tab-param";

export const TOPIC_TABS = ["messages", "partitions", "configuration", "consumers", "connectors"] as const;
export type TopicTab = (typeof TOPIC_TABS)[number];

/** The topic page's selected tab, kept in `?tab=` (messages is the default). */
export const useTopicTab = (): [TopicTab, (tab: TopicTab) => void] => useTabParam(TOPIC_TABS);
