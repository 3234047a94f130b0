import { describe, expect, it } from "vitest";
import { dlqContext, hasDlqHeaders } from "./dlq";

describe("dlqContext", () => {
  it("reads Kafka Connect's error context headers", () => {
    const headers = [
      { key: "__connect.errors.topic", value: "orders", encoding: "text" as const },
      { key: "__connect.errors.partition", value: "0", encoding: "text" as const },
      { key: "__connect.errors.offset", value: "42", encoding: "text" as const },
      { key: "__connect.errors.stage", value: "VALUE_CONVERTER", encoding: "text" as const },
      { key: "__connect.errors.class.name", value: "org.apache.kafka.connect.json.JsonConverter", encoding: "text" as const },
      { key: "__connect.errors.exception.message", value: "Converting byte[] to Kafka Connect data failed", encoding: "text" as const },
      { key: "trace", value: "x", encoding: "text" as const },
    ];
    expect(hasDlqHeaders(headers)).toBe(true);
    expect(dlqContext(headers)).toEqual({
      topic: "orders",
      partition: "0",
      offset: "42",
      stage: "VALUE_CONVERTER",
      class: "org.apache.kafka.connect.json.JsonConverter",
      message: "Converting byte[] to Kafka Connect data failed",
    });
    expect(hasDlqHeaders([{ key: "trace", value: "x", encoding: "text" }])).toBe(false);
  });
});
