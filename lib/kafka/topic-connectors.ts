/**
 * Which connectors read or write a topic, from their configs (as `GET /connectors?expand=info`
 * returns them): a source's `topic` (FileStreamSource and many others), a sink's `topics` list or
 * `topics.regex`, and a sink's dead letter queue `errors.deadletterqueue.topic.name`.
 */

export type TopicRole = "writes" | "reads" | "dead letter queue";

export interface TopicConnectorLink {
  connector: string;
  role: TopicRole;
}

export interface ConnectorConfigLike {
  name: string;
  type: string;
  config: Readonly<Record<string, string>>;
}

export const DLQ_TOPIC_KEY = "errors.deadletterqueue.topic.name";

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

function compileRegex(source: string | undefined): RegExp | undefined {
  if (!source) return undefined;
  try {
    // Kafka matches the whole topic name (Pattern.matcher().matches()).
    return new RegExp(`^(?:${source})$`);
  } catch {
    return undefined;
  }
}

/** The links of one connector to `topic`. */
export function connectorLinks(connector: ConnectorConfigLike, topic: string): TopicRole[] {
  const { config, type } = connector;
  const roles: TopicRole[] = [];
  if (type === "sink") {
    if (splitList(config.topics).includes(topic) || compileRegex(config["topics.regex"])?.test(topic)) roles.push("reads");
  } else if (splitList(config.topic).includes(topic) || splitList(config.topics).includes(topic)) {
    roles.push("writes");
  }
  if (config[DLQ_TOPIC_KEY]?.trim() === topic) roles.push("dead letter queue");
  return roles;
}

/** For every topic in `topics`, the connectors that use it, sorted by connector name. */
export function connectorsByTopic(connectors: readonly ConnectorConfigLike[], topics: readonly string[]): Map<string, TopicConnectorLink[]> {
  const out = new Map<string, TopicConnectorLink[]>();
  const sorted = [...connectors].sort((a, b) => a.name.localeCompare(b.name));
  for (const topic of topics) {
    const links: TopicConnectorLink[] = [];
    for (const c of sorted) for (const role of connectorLinks(c, topic)) links.push({ connector: c.name, role });
    if (links.length > 0) out.set(topic, links);
  }
  return out;
}
