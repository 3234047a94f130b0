import Link from "next/link";
import type { ConnectorInfo } from "@/lib/connect/schemas";
import { DLQ_TOPIC_KEY } from "@/lib/kafka/topic-connectors";

/** For a sink with a dead letter queue: a link to that topic in the message viewer, error headers as columns. */
export function DlqLink({ info, topicHref }: { info: ConnectorInfo; topicHref: (topic: string) => string }) {
  const topic = info.config[DLQ_TOPIC_KEY]?.trim();
  if (info.type !== "sink" || !topic) return null;
  const href = topicHref(topic);
  return (
    <p className="text-sm">
      <Link href={`${href}${href.includes("?") ? "&" : "?"}preset=dlq`} className="text-accent underline-offset-2 hover:underline" data-testid="dlq-link">
        Dead letter queue: <span className="font-mono">{topic}</span>
      </Link>
    </p>
  );
}
