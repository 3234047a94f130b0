import { queryOptions } from "@tanstack/react-query";
import { kafkaClient } from "./client";

/**
 * TanStack Query option factories for the topic pages. Keys start with ["kafka", cluster] so a
 * create or delete can invalidate a whole cluster's topic data at once.
 */
export const kafkaKeys = {
  all: (cluster: string) => ["kafka", cluster] as const,
  topics: (cluster: string) => ["kafka", cluster, "topics"] as const,
  topic: (cluster: string, topic: string) => ["kafka", cluster, "topic", topic] as const,
};

export const topicsQuery = (cluster: string) =>
  queryOptions({ queryKey: kafkaKeys.topics(cluster), queryFn: () => kafkaClient(cluster).listTopics(), staleTime: 5_000 });

export const topicQuery = (cluster: string, topic: string) =>
  queryOptions({ queryKey: kafkaKeys.topic(cluster, topic), queryFn: () => kafkaClient(cluster).describeTopic(topic), staleTime: 5_000 });
