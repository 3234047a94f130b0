import { describe, expect, it } from "vitest";
import { csrfTokenFor, csrfTokenMatches, decodeSession, encodeSession, readCookie, SESSION_TTL_MS, sessionCookie } from "./session";

const secret = Buffer.from("test secret");

describe("session cookies", () => {
  it("round-trips a user and role, and refuses a changed payload, signature or secret", () => {
    const value = encodeSession({ user: "otto", role: "operator" }, secret, 1_000);
    expect(decodeSession(value, secret, 2_000)).toEqual({ user: "otto", role: "operator" });
    const [data, sig] = value.split(".") as [string, string];
    const promoted = Buffer.from(Buffer.from(data, "base64url").toString().replace('"operator"', '"admin"')).toString("base64url");
    expect(decodeSession(`${promoted}.${sig}`, secret, 2_000)).toBeUndefined();
    expect(decodeSession(`${data}.${sig.slice(1)}x`, secret, 2_000)).toBeUndefined();
    expect(decodeSession(value, Buffer.from("other"), 2_000)).toBeUndefined();
    expect(decodeSession("garbage", secret, 2_000)).toBeUndefined();
    expect(decodeSession(undefined, secret)).toBeUndefined();
  });

  it("expires after the session's lifetime", () => {
    const value = encodeSession({ user: "vera", role: "viewer" }, secret, 0);
    expect(decodeSession(value, secret, SESSION_TTL_MS - 1)).toBeDefined();
    expect(decodeSession(value, secret, SESSION_TTL_MS)).toBeUndefined();
  });

  it("writes the cookie HttpOnly, SameSite=Strict on Path=/, Secure only over https, and clears it", () => {
    expect(sessionCookie("v", false)).toBe(`ferry_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(sessionCookie("v", true)).toMatch(/; Secure$/);
    expect(sessionCookie(undefined, false)).toBe("ferry_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    expect(readCookie("a=1; ferry_session=abc.def; b=2", "ferry_session")).toBe("abc.def");
    expect(readCookie("a=1", "ferry_session")).toBeUndefined();
  });

  it("binds the CSRF token to the session", () => {
    const a = encodeSession({ user: "ada", role: "admin" }, secret);
    const b = encodeSession({ user: "otto", role: "operator" }, secret);
    expect(csrfTokenMatches(csrfTokenFor(a, secret), a, secret)).toBe(true);
    expect(csrfTokenMatches(csrfTokenFor(b, secret), a, secret)).toBe(false);
    expect(csrfTokenMatches(csrfTokenFor(undefined, secret), a, secret)).toBe(false);
    expect(csrfTokenMatches("", a, secret)).toBe(false);
    expect(csrfTokenMatches(null, undefined, secret)).toBe(false);
  });
});
