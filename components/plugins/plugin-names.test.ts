import { describe, expect, it } from "vitest";
import { matchesPlugin, prunedName, simpleName } from "./plugin-names";

describe("plugin names", () => {
  it("derives the simple name and the pruned alias as Kafka does", () => {
    const c = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    expect(simpleName(c)).toBe("FileStreamSourceConnector");
    expect(prunedName(c)).toBe("FileStreamSource");
    expect(prunedName("org.apache.kafka.connect.json.JsonConverter")).toBe("Json");
    expect(prunedName("org.apache.kafka.connect.transforms.Cast$Value")).toBe("Cast$Value");
  });

  it("matches a class by any of its names", () => {
    const p = { class: "org.apache.kafka.connect.file.FileStreamSinkConnector" };
    expect(["FileStreamSink", "FileStreamSinkConnector", p.class].every((n) => matchesPlugin(p, n))).toBe(true);
    expect(matchesPlugin(p, "FileStreamSource")).toBe(false);
  });
});
