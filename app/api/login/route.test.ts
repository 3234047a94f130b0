import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientAddress, CLIENT_ADDRESS_HEADER, setConsoleLoginThrottle } from "@/server/console/login";
import { CSRF_HEADER, csrfTokenFor, encodeSession, SESSION_COOKIE, SESSION_ENV, sessionSecret } from "@/server/console/session";
import { formatUsersFile, hashPassword } from "@/server/security/credentials";
import { LoginThrottle } from "@/server/security/login-throttle";
import { POST as logout } from "../logout/route";
import { POST as login } from "./route";

// Console logins: every attempt and logout in the audit log, and failed logins throttled per user
// name and per client address (429 with Retry-After, the password not even checked).

const MINUTE = 60_000;
let dir: string;
let auditFile: string;
const clock = { now: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ferry-console-login-"));
  const cost = { N: 1024, r: 8, p: 1 };
  writeFileSync(
    join(dir, "users"),
    formatUsersFile([
      { name: "ada", role: "admin", hash: await hashPassword("ada-pw", cost) },
      { name: "otto", role: "operator", hash: await hashPassword("otto-pw", cost) },
    ]),
  );
  auditFile = join(dir, "audit.log");
  process.env[SESSION_ENV.usersFile] = join(dir, "users");
  process.env[SESSION_ENV.auditFile] = auditFile;
});

afterAll(() => {
  for (const name of [SESSION_ENV.usersFile, SESSION_ENV.auditFile]) delete process.env[name];
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  writeFileSync(auditFile, "");
  clock.now = 1_700_000_000_000;
  setConsoleLoginThrottle(new LoginThrottle({ now: () => clock.now }));
});

function attempt(user: string, password: string, address = "10.0.0.1"): Promise<Response> {
  return login(
    new Request("http://127.0.0.1:3000/api/login", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: csrfTokenFor(undefined, sessionSecret()), [CLIENT_ADDRESS_HEADER]: address },
      body: JSON.stringify({ user, password }),
    }),
  );
}

function auditEntries(): Record<string, unknown>[] {
  return readFileSync(auditFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("login throttling", () => {
  it("answers 429 with Retry-After after 5 failures for a user name, even with the right password, until the window passed", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await attempt("ada", `guess-${i}`, `10.0.0.${i}`)).status).toBe(401);
      clock.now += MINUTE;
    }
    const refused = await attempt("ada", "ada-pw", "10.0.0.99");
    expect(refused.status).toBe(429);
    // The first failure was 5 minutes ago: 10 minutes left.
    expect(refused.headers.get("retry-after")).toBe("600");
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.json()).toEqual({ error_code: 429, message: "Too many failed logins: try again in 10 minutes" });
    expect((await attempt("otto", "otto-pw", "10.0.0.99")).status).toBe(200);

    clock.now += 10 * MINUTE;
    expect((await attempt("ada", "ada-pw", "10.0.0.99")).status).toBe(200);
  });

  it("throttles a client address that tries many user names", async () => {
    for (const user of ["root", "admin", "kafka", "ferry", "ada"]) expect((await attempt(user, "password", "192.0.2.7")).status).toBe(401);
    expect((await attempt("otto", "otto-pw", "192.0.2.7")).status).toBe(429);
    expect((await attempt("otto", "otto-pw", "192.0.2.8")).status).toBe(200);
  });

  it("clears a user's failures when the user logs in", async () => {
    for (let i = 0; i < 4; i++) expect((await attempt("ada", "nope", `10.0.1.${i}`)).status).toBe(401);
    expect((await attempt("ada", "ada-pw", "10.0.1.9")).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt("ada", "nope", `10.0.2.${i}`)).status).toBe(401);
    expect((await attempt("ada", "ada-pw", "10.0.2.9")).status).toBe(200);
  });
});

describe("login audit", () => {
  it("records each attempt with the name tried, its outcome and address, never the password", async () => {
    await attempt("ada", "wrong-secret-1");
    await attempt("ada", "ada-pw", "10.0.0.2");
    await attempt("nobody", "wrong-secret-2", "10.0.0.3");
    for (let i = 0; i < 5; i++) await attempt("ada", "wrong-secret-3", "10.0.0.4");
    const throttled = await attempt("ada", "ada-pw", "10.0.0.5");
    expect(throttled.status).toBe(429);

    const entries = auditEntries();
    expect(entries.slice(0, 3)).toEqual([
      expect.objectContaining({ user: "ada", source: "console", action: "session.login", method: "POST", path: "/api/login", status: 401, outcome: "denied", remote: "10.0.0.1" }),
      expect.objectContaining({ user: "ada", role: "admin", action: "session.login", status: 200, outcome: "success", remote: "10.0.0.2" }),
      expect.objectContaining({ user: "nobody", action: "session.login", status: 401, outcome: "denied", remote: "10.0.0.3" }),
    ]);
    expect(entries.at(-1)).toEqual(
      expect.objectContaining({ user: "ada", action: "session.login", status: 429, outcome: "denied", remote: "10.0.0.5", message: "Too many failed logins: try again in 15 minutes" }),
    );
    expect(entries).toHaveLength(9);
    expect(readFileSync(auditFile, "utf8")).not.toMatch(/wrong-secret|ada-pw/);
  });

  it("records a login refused for its CSRF token as denied", async () => {
    const res = await login(new Request("http://127.0.0.1:3000/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "ada", password: "ada-pw" }) }));
    expect(res.status).toBe(403);
    expect(auditEntries()).toEqual([expect.objectContaining({ user: "anonymous", action: "session.login", status: 403, outcome: "denied" })]);
  });

  it("records a logout as the session's user", async () => {
    const value = encodeSession({ user: "otto", role: "operator" }, sessionSecret());
    const res = await logout(
      new Request("http://127.0.0.1:3000/api/logout", {
        method: "POST",
        headers: { cookie: `${SESSION_COOKIE}=${value}`, [CSRF_HEADER]: csrfTokenFor(value, sessionSecret()), [CLIENT_ADDRESS_HEADER]: "10.9.9.9" },
      }),
    );
    expect(res.status).toBe(200);
    expect(auditEntries()).toEqual([expect.objectContaining({ user: "otto", role: "operator", action: "session.logout", path: "/api/logout", status: 200, outcome: "success", remote: "10.9.9.9" })]);
  });
});

describe("clientAddress", () => {
  it("prefers the console server's own header over X-Forwarded-For", () => {
    const req = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/login", { headers });
    expect(clientAddress(req({ [CLIENT_ADDRESS_HEADER]: "10.0.0.1", "x-forwarded-for": "1.2.3.4" }))).toBe("10.0.0.1");
    expect(clientAddress(req({ "x-forwarded-for": "1.2.3.4, 10.0.0.2" }))).toBe("1.2.3.4");
    expect(clientAddress(req({}))).toBeUndefined();
  });
});
