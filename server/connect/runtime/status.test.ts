import { describe, expect, it } from "vitest";
import { ConnectError } from "../api";
import { errorTrace, nextState } from "./status";

describe("status transitions", () => {
  it("refuses pause and resume of a failed instance but allows stop and restart", () => {
    expect(nextState("FAILED", "pause")).toBeNull();
    expect(nextState("FAILED", "resume")).toBeNull();
    expect(nextState("FAILED", "stop")).toBe("STOPPED");
    expect(nextState("FAILED", "restart")).toBe("RESTARTING");
    expect(nextState("RUNNING", "pause")).toBe("PAUSED");
    expect(nextState("PAUSED", "resume")).toBe("RUNNING");
    expect(nextState("RESTARTING", "startup")).toBe("RUNNING");
    expect(nextState("RUNNING", "shutdown")).toBe("UNASSIGNED");
  });
});

describe("error traces", () => {
  it("prints Kafka's exception class, the frames and the cause chain", () => {
    const trace = errorTrace(new ConnectError("outer", { cause: new TypeError("middle", { cause: "text cause" }) }));
    const lines = trace.split("\n");
    expect(lines[0]).toBe("org.apache.kafka.connect.errors.ConnectException: outer");
    expect(lines[1]).toMatch(/^\tat /);
    expect(lines).toContain("Caused by: TypeError: middle");
    expect(lines.at(-1)).toBe("Caused by: text cause");
  });
});
