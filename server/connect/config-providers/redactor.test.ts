import { describe, expect, it } from "vitest";
import { ConnectError } from "../api";
import { errorTrace } from "../runtime/status";
import { HIDDEN, SecretRedactor, redactError, redactText } from "./redactor";

describe("SecretRedactor", () => {
  it("masks every registered secret, longest first", () => {
    const r = new SecretRedactor();
    r.set("a", ["s3cret-pass", "s3cret"]);
    r.set("b", ["token.with$special(chars)"]);
    expect(r.redact("p=s3cret-pass q=s3cret t=token.with$special(chars)")).toBe(`p=${HIDDEN} q=${HIDDEN} t=${HIDDEN}`);
  });

  it("replaces an owner's secrets and forgets deleted owners", () => {
    const r = new SecretRedactor();
    r.set("a", ["first-secret"]);
    r.set("a", ["second-secret"]);
    expect(r.redact("first-secret second-secret")).toBe(`first-secret ${HIDDEN}`);
    r.add("a", ["third-secret"]);
    expect(r.redact("second-secret third-secret")).toBe(`${HIDDEN} ${HIDDEN}`);
    r.delete("a");
    expect(r.empty).toBe(true);
    expect(r.redact("second-secret")).toBe("second-secret");
  });

  it("ignores values too short to mask in free text", () => {
    const r = new SecretRedactor();
    r.set("a", ["", "1", "abc"]);
    expect(r.empty).toBe(true);
    expect(redactText("abc 1", ["abc", "long-secret"])).toBe("abc 1");
  });

  it("masks errors and their causes as a status trace prints them", () => {
    const r = new SecretRedactor();
    r.set("c", ["hunter2hunter2"]);
    const cause = new Error("login refused for password hunter2hunter2");
    const error = new ConnectError("Failed with hunter2hunter2", { cause });
    const masked = redactError(error, r);
    const trace = errorTrace(masked);
    expect(trace).not.toContain("hunter2hunter2");
    expect(trace).toContain(`org.apache.kafka.connect.errors.ConnectException: Failed with ${HIDDEN}`);
    expect(trace).toContain(`Caused by: Error: login refused for password ${HIDDEN}`);
    expect(error.message).toContain("hunter2hunter2");
  });

  it("returns the error itself when nothing is registered", () => {
    const error = new Error("x");
    expect(redactError(error, new SecretRedactor())).toBe(error);
  });
});
