// The connector page in a real browser against a real `ferry start`: state actions with their
// settling, offsets reset and edit on a stopped source, a failing task's root cause, trace and
// restart, the tabs in the URL, and the 404 state. Screenshots go to test-artifacts/screenshots/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM, collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS, startFerryWithConsole, type FerryWithConsole } from "../harness/ferry-console";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

interface Status {
  connector: { state: string };
  tasks: { id: number; state: string; trace?: string }[];
}

describeWithTool(CHROMIUM, "connector page (browser)", () => {
  let ferry: FerryWithConsole | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-connector-page-"));
    ferry = await startFerryWithConsole();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    errors = collectPageErrors(page);
  }, CONSOLE_BUILD_TIMEOUT_MS + 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ferry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const rest = (method: string, path: string, body?: unknown): Promise<RestReply> => restCall(ferry!.restUrl, method, path, body);

  async function statusOf(name: string, check: (s: Status) => boolean, message: string): Promise<Status> {
    return waitFor(
      async () => {
        const r = await rest("GET", `/connectors/${name}/status`);
        return r.status === 200 && check(r.body as Status) ? (r.body as Status) : undefined;
      },
      { timeoutMs: 20_000, message },
    );
  }

  async function create(name: string, config: Record<string, string>, initialState?: string): Promise<void> {
    const r = await rest("POST", "/connectors", { name, config, ...(initialState ? { initial_state: initialState } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }

  const stateIs = (state: string) => page.locator(`[data-testid=summary-state] [data-state=${state}]`).waitFor();
  const settled = () => page.getByTestId("settling").waitFor({ state: "detached" });
  const toast = (title: string) => page.getByTestId("toast").filter({ hasText: title }).first().waitFor();
  const tab = async (label: string, param: string) => {
    await page.getByRole("tab", { name: label }).click();
    await page.waitForURL((url) => url.searchParams.get("tab") === param);
  };

  /** Browser-logged failed requests are the page's own 404 probes; anything else is a bug. */
  const unexpectedErrors = () => errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));

  it("pauses and resumes a FileStream source, stops it, resets and edits its offsets, and resumes it", async () => {
    const name = "page-source";
    const file = join(dir, "source.txt");
    writeFileSync(file, "one\ntwo\nthree\n");
    await create(name, { "connector.class": "FileStreamSource", file, topic: "page-source-topic" });
    await statusOf(name, (s) => s.connector.state === "RUNNING" && s.tasks[0]?.state === "RUNNING", "the source to run");

    await page.goto(`${ferry!.consoleUrl}/connectors/${name}`);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await stateIs("RUNNING");
    await page.locator("[data-testid=summary-health] [data-state=HEALTHY]").waitFor();
    await page.getByTestId("task-row-0").locator("[data-state=RUNNING]").waitFor();
    expect(await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Connectors" }).getAttribute("href")).toBe("/connectors");
    // Only the actions the state allows: no Resume while running.
    expect(await page.getByRole("button", { name: "Resume", exact: true }).count()).toBe(0);
    await page.locator("[data-testid=summary-topics]").getByRole("link", { name: "page-source-topic" }).waitFor();
    await screenshot(page, "connector-page-tasks");

    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await toast(`Paused ${name}`);
    await stateIs("PAUSED");
    await settled();
    await page.locator("[data-testid=summary-health] [data-state=PAUSED]").waitFor();
    expect((await rest("GET", `/connectors/${name}/status`)).body).toMatchObject({ connector: { state: "PAUSED" }, tasks: [{ state: "PAUSED" }] });

    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await toast(`Resumed ${name}`);
    await stateIs("RUNNING");
    await settled();
    await page.getByTestId("task-row-0").locator("[data-state=RUNNING]").waitFor();

    // Offsets before stopping: shown, but not changeable, with the reason and a Stop button.
    await tab("Offsets", "offsets");
    await page.getByRole("note").filter({ hasText: "Stop the connector first" }).waitFor();
    expect(await page.getByRole("button", { name: "Reset offsets" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Edit offsets" }).isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Stop connector" }).click();
    const stopDialog = page.getByRole("dialog", { name: "Stop connector" });
    await stopDialog.waitFor();
    await stopDialog.getByRole("button", { name: "Stop", exact: true }).click();
    await toast(`Stopped ${name}`);
    await stateIs("STOPPED");
    await settled();

    // Stopping flushed the source offsets; the tab shows them once refreshed after settling.
    await waitFor(async () => ((await rest("GET", `/connectors/${name}/offsets`)).body as { offsets: unknown[] }).offsets.length > 0, { message: "source offsets after the stop" });
    const table = page.getByTestId("offsets-table");
    await table.getByText(JSON.stringify({ filename: file })).waitFor();
    await table.getByText('{"position":14}').waitFor();
    await screenshot(page, "connector-page-offsets");

    await page.getByRole("button", { name: "Reset offsets" }).click();
    const resetDialog = page.getByRole("dialog", { name: "Reset offsets" });
    await resetDialog.getByRole("button", { name: "Reset offsets" }).click();
    await page.getByTestId("offsets-answer").filter({ hasText: "have been reset successfully" }).waitFor();
    await page.getByText("No offsets recorded").waitFor();
    expect((await rest("GET", `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });

    // Edit: invalid text is refused before sending; valid offsets are PATCHed and Connect's answer shown.
    await page.getByRole("button", { name: "Edit offsets" }).click();
    const editor = page.locator("textarea");
    await editor.fill('{"offsets": [');
    await page.getByText(/Not JSON/).waitFor();
    expect(await page.getByRole("button", { name: "Apply offsets" }).isDisabled()).toBe(true);
    await editor.fill(JSON.stringify({ offsets: [{ partition: { filename: file }, offset: "four" }] }));
    await page.getByText(/offsets\.0\.offset: /).waitFor();
    await editor.fill(JSON.stringify({ offsets: [{ partition: { filename: file }, offset: { position: 4 } }] }));
    await page.getByText("Valid: 1 partition").waitFor();
    await page.getByRole("button", { name: "Apply offsets" }).click();
    await page.getByTestId("offsets-answer").filter({ hasText: "altered successfully" }).waitFor();
    await table.getByText('{"position":4}').waitFor();
    expect((await rest("GET", `/connectors/${name}/offsets`)).body).toEqual({ offsets: [{ partition: { filename: file }, offset: { position: 4 } }] });

    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await toast(`Resumed ${name}`);
    await stateIs("RUNNING");
    await settled();
    await page.getByRole("note").filter({ hasText: "Stop the connector first" }).waitFor();

    await tab("Topics", "topics");
    await page.getByRole("list", { name: "Active topics" }).getByRole("link", { name: "page-source-topic" }).waitFor();
    await screenshot(page, "connector-page-topics");

    // The tab survives a reload (it is in the URL).
    await page.reload();
    await page.getByRole("tab", { name: "Topics", selected: true }).waitFor();
    expect(unexpectedErrors()).toEqual([]);
  });

  it("shows the transform chain on the Configuration tab", async () => {
    const name = "page-transforms";
    await create(
      name,
      {
        "connector.class": "FileStreamSource",
        file: join(dir, "transforms.txt"),
        topic: "page-transforms",
        transforms: "hoist,route",
        "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value",
        "transforms.hoist.field": "line",
        "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.route.regex": "page-(.*)",
        "transforms.route.replacement": "routed-$1",
        "transforms.route.predicate": "isPage",
        "transforms.route.negate": "true",
        predicates: "isPage",
        "predicates.isPage.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
        "predicates.isPage.pattern": "page-.*",
      },
      "STOPPED",
    );
    await page.goto(`${ferry!.consoleUrl}/connectors/${name}?tab=configuration`);
    await page.getByRole("heading", { name: "Transform chain" }).waitFor();
    const steps = page.getByTestId("transform-step");
    await steps.nth(1).waitFor();
    expect(await steps.count()).toBe(2);
    expect(await steps.nth(0).innerText()).toMatch(/hoist[\s\S]*HoistField\$Value[\s\S]*field[\s\S]*line/);
    expect(await steps.nth(1).innerText()).toMatch(/Applies unless[\s\S]*isPage[\s\S]*TopicNameMatches: pattern=page-\.\*/);
    await screenshot(page, "connector-page-configuration");
  });

  it("shows a failed task's root cause and trace, and restarts the task (it fails again)", async () => {
    const name = "page-failing-sink";
    const target = join(dir, "sink-is-a-directory");
    mkdirSync(target);
    await create(name, { "connector.class": "FileStreamSink", file: target, topics: "page-failing" });
    const failed = await statusOf(name, (s) => s.tasks[0]?.state === "FAILED", "the sink task to fail");
    expect(failed.tasks[0]?.trace).toMatch(/EISDIR/);

    await page.goto(`${ferry!.consoleUrl}/connectors/${name}`);
    await page.locator("[data-testid=summary-health] [data-state=UNHEALTHY]").waitFor();
    await page.getByTestId("summary-failed").getByText("1 failed").waitFor();
    const notice = page.getByTestId("failure-notice");
    await notice.getByText("Task 0 failed").waitFor();
    const cause = (await notice.getByTestId("root-cause").innerText()).trim();
    expect(cause).toMatch(/EISDIR|Couldn't find or create file/);
    // One line, not the trace.
    expect(cause).not.toContain("\n");
    await page.getByTestId("task-row-0").getByTestId("root-cause").filter({ hasText: cause }).waitFor();

    await notice.getByRole("button", { name: "Show trace of Task 0" }).click();
    const dialog = page.getByRole("dialog", { name: "Task 0: trace" });
    await dialog.waitFor();
    const trace = await dialog.getByTestId("trace-text").innerText();
    expect(trace).toContain(failed.tasks[0]?.trace?.split("\n")[0] ?? "?");
    expect(trace).toMatch(/EISDIR/);
    await dialog.getByRole("button", { name: "Copy trace" }).click();
    await dialog.getByText(/Copied to the clipboard|Copy was refused/).waitFor();
    await screenshot(page, "connector-page-trace");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });

    await page.getByTestId("task-row-0").getByRole("button", { name: "Restart task 0" }).click();
    await toast(`Restarted task 0 of ${name}`);
    await settled();
    // The directory is still there: the restarted task failed again, with its trace back.
    await page.getByTestId("task-row-0").locator("[data-state=FAILED]").waitFor();
    await page.getByTestId("task-row-0").getByTestId("root-cause").filter({ hasText: cause }).waitFor();
    await statusOf(name, (s) => s.tasks[0]?.state === "FAILED", "the task to fail again");

    // The Restart menu by keyboard: Enter opens it on its first item, arrows move, Enter picks.
    await page.getByRole("button", { name: "Restart", exact: true }).focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await menu.waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Restart failed tasks");
    await page.keyboard.press("Enter");
    await menu.waitFor({ state: "detached" });
    await toast(`Restarted the failed tasks of ${name}`);
    await settled();
    await page.getByTestId("task-row-0").locator("[data-state=FAILED]").waitFor();

    // Dark theme: the same page must read well.
    const dark = await newPage(browser!, { colorScheme: "dark" });
    try {
      await dark.page.goto(`${ferry!.consoleUrl}/connectors/${name}`);
      await dark.page.getByTestId("failure-notice").getByTestId("root-cause").waitFor();
      await screenshot(dark.page, "connector-page-failed-dark");
    } finally {
      await dark.context.close();
    }

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const del = page.getByRole("dialog", { name: "Delete connector" });
    await del.getByRole("button", { name: "Delete", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/connectors");
    await toast(`Deleted ${name}`);
    expect((await rest("GET", `/connectors/${name}`)).status).toBe(404);
    expect(unexpectedErrors()).toEqual([]);
  });

  it("says so when the connector does not exist", async () => {
    await page.goto(`${ferry!.consoleUrl}/connectors/no-such-connector`);
    await page.getByText("Connector not found").waitFor();
    await page.getByText("no-such-connector").first().waitFor();
    expect(await page.getByRole("link", { name: "Back to connectors" }).getAttribute("href")).toBe("/connectors");
    await screenshot(page, "connector-page-not-found");

    // The name in the path is decoded once: a literal "%41" stays as it is.
    await page.goto(`${ferry!.consoleUrl}/connectors/${encodeURIComponent("odd name %41/x")}`);
    await page.getByText("Connector not found").waitFor();
    await page.getByText("odd name %41/x").first().waitFor();
  });
});
