import { describe, expect, it } from "vitest";
import { connectorLinks, connectorsByTopic, type ConnectorConfigLike } from "./topic-connectors";

describe("connectorsByTopic", () => {
  const connectors: ConnectorConfigLike[] = [
    { name: "file-in", type: "source", config: { topic: "lines" } },
    { name: "file-out", type: "sink", config: { topics: "lines, other", "errors.deadletterqueue.topic.name": "dlq-out" } },
    { name: "by-regex", type: "sink", config: { "topics.regex": "orders-.*" } },
  ];

  it("links sources, sinks (list and regex) and dead letter queues", () => {
    const links = connectorsByTopic(connectors, ["lines", "orders-eu", "dlq-out", "orders", "nothing"]);
    expect(links.get("lines")).toEqual([
      { connector: "file-in", role: "writes" },
      { connector: "file-out", role: "reads" },
    ]);
    expect(links.get("orders-eu")).toEqual([{ connector: "by-regex", role: "reads" }]);
    expect(links.get("dlq-out")).toEqual([{ connector: "file-out", role: "dead letter queue" }]);
    expect(links.has("orders")).toBe(false);
    expect(links.has("nothing")).toBe(false);
  });

  it("ignores an invalid regex", () => {
    expect(connectorLinks({ name: "x", type: "sink", config: { "topics.regex": "(" } }, "(")).toEqual([]);
  });
});
