import { describe, expect, it } from "vitest";
import { rootCause } from "./trace";

describe("rootCause", () => {
  it("is undefined for no trace", () => {
    expect(rootCause(undefined)).toBeUndefined();
    expect(rootCause(null)).toBeUndefined();
    expect(rootCause("  \n ")).toBeUndefined();
  });

  it("takes the first line, without the package, when there is no Caused by", () => {
    const trace = "org.apache.kafka.connect.errors.ConnectException: Couldn't find or create file '/tmp/x' for FileStreamSinkTask\n\tat FileStreamSinkTask.start (file:///a.js:1:2)\n\tat WorkerSinkTask.run (file:///b.js:3:4)";
    expect(rootCause(trace)).toBe("ConnectException: Couldn't find or create file '/tmp/x' for FileStreamSinkTask");
  });

  it("takes the last Caused by", () => {
    const trace = [
      "org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler",
      "\tat a (x.js:1:1)",
      "Caused by: org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed",
      "\tat b (y.js:1:1)",
      "Caused by: org.apache.kafka.common.errors.SerializationException: Unexpected character ('h' (code 104))",
      "\tat c (z.js:1:1)",
    ].join("\n");
    expect(rootCause(trace)).toBe("SerializationException: Unexpected character ('h' (code 104))");
  });

  it("keeps causes that are not Java classes as they are (Node errors)", () => {
    const trace = "org.apache.kafka.connect.errors.ConnectException: Couldn't open\n\tat a\nCaused by: Error: EISDIR: illegal operation on a directory, open '/tmp/d'\n\tat b";
    expect(rootCause(trace)).toBe("Error: EISDIR: illegal operation on a directory, open '/tmp/d'");
  });

  it("handles Windows line ends, leading blank lines and indented Caused by", () => {
    expect(rootCause("\r\njava.lang.IllegalStateException: boom\r\n\tat x\r\n    Caused by: java.io.IOException: disk full\r\n")).toBe("IOException: disk full");
  });

  it("strips the package of a bare exception class without a message", () => {
    expect(rootCause("java.lang.NullPointerException\n\tat x")).toBe("NullPointerException");
  });

  it("leaves a plain message alone", () => {
    expect(rootCause("Connector failed to start on purpose")).toBe("Connector failed to start on purpose");
  });
});
