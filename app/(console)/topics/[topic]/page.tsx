import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { TopicPage } from "@/components/topics/detail/topic-page";
import { prefetchTopicPage, type TopicSearch } from "./prefetch";

interface Props {
  params: Promise<{ topic: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// Rendered per request with the newest records fetched on the server: the first paint shows them.
export const dynamic = "force-dynamic";

/** A segment may arrive still percent-encoded; a name with a stray "%" stays as it is. */
function topicName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: topicName((await params).topic) };
}

export default async function TopicRoute({ params, searchParams }: Props) {
  const topic = topicName((await params).topic);
  const raw = await searchParams;
  const one = (key: keyof TopicSearch) => (typeof raw[key] === "string" ? raw[key] : undefined);
  const { state, initialScan, kafka } = await prefetchTopicPage(topic, { kafka: one("kafka"), cluster: one("cluster"), partition: one("partition"), offset: one("offset") });
  return (
    // No <Suspense>: rendered per request, useSearchParams does not suspend, and a boundary would
    // stream the records as a late chunk that React reveals with a delay.
    <HydrationBoundary state={state}>
      <TopicPage topic={topic} initialScan={initialScan} prefetched={kafka} />
    </HydrationBoundary>
  );
}
