import { describe, expect, it } from "vitest";
import { NotFoundError } from "../api";
import { Loggers, loggingContext } from "./loggers";

function setup() {
  const lines: string[] = [];
  let now = 1_000;
  const loggers = new Loggers({ write: (l) => lines.push(l), now: () => now });
  return { loggers, lines, tick: (ms: number) => (now += ms) };
}

describe("loggers", () => {
  it("inherits levels hierarchically and changes them at runtime", () => {
    const { loggers, lines } = setup();
    const task = loggers.logger("org.apache.kafka.connect.runtime.WorkerSourceTask", loggingContext.task("my-source", 0));
    task.debug("hidden");
    task.info("polled 3 records");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO \[my-source\|task-0\] polled 3 records \(org\.apache\.kafka\.connect\.runtime\.WorkerSourceTask\)$/);

    expect(loggers.setLevel("org.apache.kafka.connect", "debug")).toEqual(["org.apache.kafka.connect", "org.apache.kafka.connect.runtime.WorkerSourceTask"]);
    task.debug("now visible");
    expect(lines.at(-1)).toContain("DEBUG [my-source|task-0] now visible");
    // A logger created later inherits from the namespace logger.
    const later = loggers.logger("org.apache.kafka.connect.runtime.Worker");
    expect(later.isDebugEnabled()).toBe(true);
    expect(loggers.loggerLevel("org.apache.kafka.connect.runtime.Worker")).toEqual({ level: "DEBUG", last_modified: null });
  });

  it("lists explicit levels plus root, sorted, with last_modified only for real changes", () => {
    const { loggers, tick } = setup();
    loggers.logger("a.b.c");
    expect(loggers.loggers()).toEqual({ root: { level: "INFO", last_modified: null } });
    tick(5);
    loggers.setLevel("a.b", "WARN");
    expect(loggers.loggers()).toEqual({
      "a.b": { level: "WARN", last_modified: 1_005 },
      "a.b.c": { level: "WARN", last_modified: 1_005 },
      root: { level: "INFO", last_modified: null },
    });
    tick(5);
    // Same level again: listed as affected, but last_modified stays.
    expect(loggers.setLevel("a.b", "warn")).toEqual(["a.b", "a.b.c"]);
    expect(loggers.loggerLevel("a.b").last_modified).toBe(1_005);
    expect(loggers.setLevel("root", "ERROR")).toEqual(["a.b", "a.b.c", "root"]);
    expect(loggers.loggerLevel("ROOT")).toEqual({ level: "ERROR", last_modified: 1_010 });
  });

  it("answers 404 for unknown loggers and levels", () => {
    const { loggers } = setup();
    expect(() => loggers.loggerLevel("nope")).toThrow(new NotFoundError("Logger nope not found."));
    expect(() => loggers.setLevel("x", "LOUD")).toThrow(new NotFoundError("invalid log level 'LOUD'."));
  });

  it("prints the error's stack after the line", () => {
    const { loggers, lines } = setup();
    loggers.logger("x").error("boom", new Error("inner"));
    expect(lines[0]).toMatch(/ERROR boom \(x\)\nError: inner\n\s+at /);
  });

  it("masks registered secrets in every line, messages and stacks alike", () => {
    const { loggers, lines } = setup();
    loggers.secrets.set("c", ["s3cr3t-value"]);
    loggers.logger("x", "c|task-0").info("token=s3cr3t-value");
    loggers.logger("y").error("failed", new Error("login with s3cr3t-value refused"));
    expect(lines.join("\n")).not.toContain("s3cr3t-value");
    expect(lines[0]).toContain("token=[hidden]");
    expect(lines[1]).toContain("Error: login with [hidden] refused");
  });
});
