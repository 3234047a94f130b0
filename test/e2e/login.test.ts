// The console with authentication on, in a real browser against `ferry start --users-file`: the login
// flow, each role's controls (disabled with the role they need, never hidden), an operator's pause,
// an admin's edit that keeps a PASSWORD value it never saw, the audit page, and logout.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fieldId } from "../../lib/connect/config-form";
import { formatUsersFile, hashPassword } from "../../server/security/credentials";
import { CHROMIUM, collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS, startFerryWithConsole, type FerryWithConsole } from "../harness/ferry-console";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

const SECRET = "stored-secret-4711";
const CONNECTOR = "http-out";
const PASSWORDS = { ada: "ada-password", otto: "otto-password", vera: "vera-password" } as const;
const STEP_TIMEOUT_MS = 90_000;

describeWithTool(CHROMIUM, "console login and roles (browser)", () => {
  let ferry: FerryWithConsole | undefined;
  let browser: Browser | undefined;
  let dir = "";
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-login-"));
    const cost = { N: 1024, r: 8, p: 1 };
    const users = [
      { name: "ada", role: "admin" as const, hash: await hashPassword(PASSWORDS.ada, cost) },
      { name: "otto", role: "operator" as const, hash: await hashPassword(PASSWORDS.otto, cost) },
      { name: "vera", role: "viewer" as const, hash: await hashPassword(PASSWORDS.vera, cost) },
    ];
    writeFileSync(join(dir, "users"), formatUsersFile(users));
    ferry = await startFerryWithConsole({ args: ["--users-file", join(dir, "users")] });
    browser = await launchBrowser();
    const created = await rest("POST", "/connectors", {
      name: CONNECTOR,
      config: {
        "connector.class": "ferry.connect.http.HttpSinkConnector",
        topics: "login-events",
        "http.api.url": "http://127.0.0.1:9/never-called",
        "auth.type": "BASIC",
        "connection.user": "svc",
        "connection.password": SECRET,
        "tasks.max": "1",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }, CONSOLE_BUILD_TIMEOUT_MS + 90_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ferry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The worker's REST API as the admin (Basic authentication). */
  const rest = (method: string, path: string, body?: unknown): Promise<RestReply> => restCall(ferry!.restUrl, method, path, body, { headers: { authorization: `Basic ${Buffer.from(`ada:${PASSWORDS.ada}`).toString("base64")}` } });

  async function freshPage(): Promise<Page> {
    const { context, page } = await newPage(browser!);
    contexts.push(context);
    errors.push(collectPageErrors(page));
    return page;
  }

  async function logIn(page: Page, user: keyof typeof PASSWORDS, path = "/connectors"): Promise<void> {
    await page.goto(`${ferry!.consoleUrl}${path}`);
    await page.waitForURL((url) => url.pathname === "/login");
    await page.getByLabel("User name").fill(user);
    await page.getByLabel("Password").fill(PASSWORDS[user]);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === path.split("?")[0]);
    await page.getByTestId("user-name").filter({ hasText: user }).waitFor();
  }

  /** The newest page's refused requests and page errors: the UI never calls what its user may not. */
  const refusals = () => (errors.at(-1) ?? []).filter((e) => /status of (401|403)|pageerror/.test(e));

  it(
    "sends a visitor to the login page, shows a wrong password's message, then brings the user back",
    async () => {
      const page = await freshPage();
      await page.goto(`${ferry!.consoleUrl}/connectors`);
      await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/connectors");
      const api = await fetch(`${ferry!.consoleUrl}/api/clusters`);
      expect(api.status).toBe(401);

      await page.getByLabel("User name").fill("vera");
      await page.getByLabel("Password").fill("not-her-password");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByTestId("login-error").filter({ hasText: "Wrong user name or password" }).waitFor();
      await screenshot(page, "login-1-wrong-password");
      expect(page.url()).toContain("/login");

      await page.getByLabel("Password").fill(PASSWORDS.vera);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL((url) => url.pathname === "/connectors");
      expect(await page.getByTestId("user-role").innerText()).toBe("viewer");
      const cookie = (await page.context().cookies()).find((c) => c.name === "ferry_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "shows a viewer every control disabled with the role it needs, and no secret",
    async () => {
      const page = await freshPage();
      await logIn(page, "vera", `/connectors/${CONNECTOR}`);
      const pause = page.getByRole("button", { name: "Pause" });
      await pause.waitFor();
      expect(await pause.isDisabled()).toBe(true);
      expect(await pause.getAttribute("title")).toBe("This action needs the operator role");
      const del = page.getByRole("button", { name: "Delete" });
      expect(await del.isDisabled()).toBe(true);
      expect(await del.getAttribute("title")).toBe("This action needs the admin role");
      await page.getByTestId("missing-role").filter({ hasText: "This action needs the operator role" }).first().waitFor();
      expect(await page.locator('nav [data-missing-role="operator"]').innerText()).toMatch(/Audit log\s*needs operator/);
      await screenshot(page, "login-2-viewer-connector");

      await page.goto(`${ferry!.consoleUrl}/connectors/${CONNECTOR}?tab=configuration`);
      await page.getByTestId("connector-config-editor").waitFor();
      expect(await page.content()).not.toContain(SECRET);

      await page.goto(`${ferry!.consoleUrl}/connectors`);
      const create = page.getByRole("link", { name: "Create connector" });
      await create.waitFor();
      expect(await create.getAttribute("aria-disabled")).toBe("true");

      await page.goto(`${ferry!.consoleUrl}/audit`);
      await page.getByTestId("missing-role").filter({ hasText: "This action needs the operator role" }).waitFor();
      expect(refusals()).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "lets an operator pause and resume but not delete",
    async () => {
      const page = await freshPage();
      await logIn(page, "otto", `/connectors/${CONNECTOR}`);
      const del = page.getByRole("button", { name: "Delete" });
      await del.waitFor();
      expect(await del.isDisabled()).toBe(true);
      await page.getByRole("button", { name: "Pause" }).click();
      await page.getByTestId("toast").filter({ hasText: `Paused ${CONNECTOR}` }).first().waitFor();
      await waitFor(async () => ((await rest("GET", `/connectors/${CONNECTOR}/status`)).body as { connector: { state: string } }).connector.state === "PAUSED", {
        message: "the connector to be paused",
      });
      await screenshot(page, "login-3-operator-paused");
      await page.getByRole("button", { name: "Resume" }).click();
      await waitFor(async () => ((await rest("GET", `/connectors/${CONNECTOR}/status`)).body as { connector: { state: string } }).connector.state === "RUNNING", {
        message: "the connector to be resumed",
      });
      expect(refusals()).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "lets an admin edit a connector without retyping its secret, which keeps its stored value",
    async () => {
      const page = await freshPage();
      await logIn(page, "ada", `/connectors/${CONNECTOR}?tab=configuration`);
      await page.getByTestId("connector-config-editor").waitFor();
      const password = page.locator(`#${fieldId("connection.password")}`);
      await password.waitFor();
      expect(await password.inputValue()).toBe("");
      expect(await password.getAttribute("placeholder")).toBe("Unchanged (kept): type to replace");

      await page.locator(`#${fieldId("batch.max.size")}`).fill("2");
      await page.getByRole("button", { name: "Review changes (1)" }).click();
      await page.getByTestId("kept-secrets").filter({ hasText: "connection.password" }).waitFor();
      const apply = page.getByRole("dialog").getByRole("button", { name: "Apply" });
      await waitFor(() => apply.isEnabled(), { message: "Apply to be enabled", timeoutMs: 15_000 });
      await screenshot(page, "login-4-admin-review-kept-secret");
      await apply.click();
      await page.getByTestId("toast").filter({ hasText: `Updated the configuration of ${CONNECTOR}` }).waitFor();
      const config = (await rest("GET", `/connectors/${CONNECTOR}/config`)).body as Record<string, string>;
      expect(config["batch.max.size"]).toBe("2");
      expect(config["connection.password"]).toBe(SECRET);
      expect(await page.content()).not.toContain(SECRET);
      expect(refusals()).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "shows the changes on the audit page, filters them, and logs out",
    async () => {
      const page = await freshPage();
      await logIn(page, "otto", "/audit");
      const rows = page.getByTestId("audit-row");
      await rows.filter({ hasText: "connector.config.put" }).filter({ hasText: "ada" }).first().waitFor();
      await rows.filter({ hasText: "connector.pause" }).filter({ hasText: "otto" }).first().waitFor();
      await screenshot(page, "login-5-audit");
      await page.getByLabel("User").fill("ada");
      await waitFor(async () => (await rows.count()) > 0 && (await rows.filter({ hasText: "otto" }).count()) === 0, { message: "only ada's entries" });

      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => url.pathname === "/login");
      await page.goto(`${ferry!.consoleUrl}/connectors`);
      await page.waitForURL((url) => url.pathname === "/login");
      expect(refusals()).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );
});
