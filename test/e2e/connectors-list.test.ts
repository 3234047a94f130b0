// The connectors list in a real browser against a real `ferry start`: rows and states, counters,
// search and filters kept in the URL, and a bulk pause with its confirmation and per-item report,
// including a connector deleted behind the console's back.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS, startFerryWithConsole, type FerryWithConsole } from "../harness/ferry-console";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

const SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const SINK = "FileStreamSink";

describeWithTool(CHROMIUM, "connectors list in the console", () => {
  let ferry: FerryWithConsole;
  let browser: Browser;
  let dir: string;
  const pageErrors: string[] = [];

  const rest = (method: string, path: string, body?: unknown): Promise<RestReply> => restCall(ferry.restUrl, method, path, body);

  async function create(name: string, config: Record<string, string>): Promise<void> {
    const res = await rest("POST", "/connectors", { name, config });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  type Status = { connector: { state: string }; tasks: { state: string }[] };
  async function waitForState(name: string, connector: string, task: string): Promise<void> {
    await waitFor(
      async () => {
        const res = await rest("GET", `/connectors/${name}/status`);
        const s = res.body as Status;
        return res.status === 200 && s.connector.state === connector && s.tasks.length > 0 && s.tasks.every((t) => t.state === task);
      },
      { timeoutMs: 20_000, message: `${name} to be ${connector} with tasks ${task}` },
    );
  }

  async function open(page: Page, query = ""): Promise<void> {
    pageErrors.push(...collectPageErrors(page));
    await page.goto(`${ferry.consoleUrl}/connectors${query}`);
    // The list arrives server-rendered; wait until the browser has taken it over before clicking.
    await page.locator('[data-ready="true"]').waitFor();
  }

  const row = (page: Page, name: string) => page.locator(`tr[data-connector="${name}"]`);
  const stateOf = (page: Page, name: string, state: string) => row(page, name).locator(`[data-col="state"] [data-state="${state}"]`);
  const healthOf = (page: Page, name: string, health: string) => row(page, name).locator(`[data-col="health"] [data-state="${health}"]`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-list-e2e-"));
    ferry = await startFerryWithConsole();
    browser = await launchBrowser();
  }, CONSOLE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await ferry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("tells a new user what to do when there is no connector", async () => {
    const { context, page } = await newPage(browser);
    try {
      pageErrors.push(...collectPageErrors(page));
      await page.goto(`${ferry.consoleUrl}/connectors`);
      await page.getByText("No connectors yet").waitFor();
      expect(await page.getByText(`curl -X POST ${ferry.restUrl}/connectors`).count()).toBe(1);
      expect(await page.getByRole("link", { name: "Create connector" }).count()).toBe(2);
      await screenshot(page, "connectors-list-empty");
    } finally {
      await context.close();
    }
  });

  describe("with connectors", () => {
    beforeAll(async () => {
      const sinkDir = join(dir, "sink-is-a-directory");
      mkdirSync(sinkDir);
      await create("orders-source", { "connector.class": SOURCE, file: join(dir, "orders.txt"), topic: "orders" });
      await create("payments-source", { "connector.class": SOURCE, file: join(dir, "payments.txt"), topic: "payments" });
      await create("audit-sink", { "connector.class": SINK, file: join(dir, "audit.out"), topics: "orders,payments" });
      await create("ghost-sink", { "connector.class": SINK, file: join(dir, "ghost.out"), topics: "orders" });
      // Made to fail on purpose: a FileStreamSink cannot write into a directory (EISDIR).
      await create("broken-sink", { "connector.class": SINK, file: sinkDir, topics: "payments" });
      for (const name of ["orders-source", "payments-source", "audit-sink", "ghost-sink"]) await waitForState(name, "RUNNING", "RUNNING");
      await waitForState("broken-sink", "RUNNING", "FAILED");
    }, 60_000);

    it("lists every connector with its state, health, tasks and topics, and counts them", async () => {
      const { context, page } = await newPage(browser);
      try {
        await open(page);
        for (const name of ["orders-source", "payments-source", "audit-sink", "ghost-sink", "broken-sink"]) {
          await stateOf(page, name, "RUNNING").waitFor();
        }
        expect(await page.getByTestId("counter-total-value").textContent()).toBe("5");
        expect(await page.getByTestId("counter-running-value").textContent()).toBe("5");
        expect(await page.getByTestId("counter-failed-value").textContent()).toBe("1");
        expect(await page.getByTestId("counter-paused-value").textContent()).toBe("0");

        // The failing sink: RUNNING connector, UNHEALTHY health, its failed task said in words.
        const broken = row(page, "broken-sink");
        await healthOf(page, "broken-sink", "UNHEALTHY").waitFor();
        expect(await broken.getByTestId("failed-tasks").textContent()).toBe("1 failed");
        expect(await healthOf(page, "orders-source", "HEALTHY").count()).toBe(1);

        // Plugin short name with the full class as its title; topics link to the topic pages.
        const plugin = row(page, "orders-source").getByText("FileStreamSourceConnector");
        expect(await plugin.getAttribute("title")).toBe(SOURCE);
        expect(await row(page, "audit-sink").getByRole("link", { name: "payments" }).getAttribute("href")).toBe("/topics/payments");
        expect(await row(page, "orders-source").getByRole("link", { name: "orders-source" }).getAttribute("href")).toBe("/connectors/orders-source");
        expect(await page.getByRole("link", { name: "Create connector" }).first().getAttribute("href")).toBe("/connectors/new");
        await screenshot(page, "connectors-list-light");
      } finally {
        await context.close();
      }
    });

    it("filters by search, counters and type, keeping the filters in the URL", async () => {
      const { context, page } = await newPage(browser);
      try {
        await open(page);
        await page.getByLabel("Search").fill("sink");
        await waitFor(async () => (await page.locator("tbody tr").count()) === 3, { message: "3 sink rows" });
        await waitFor(() => new URL(page.url()).searchParams.get("q") === "sink", { message: "q=sink in the URL" });

        // A reload (or a shared link) shows the same view.
        await page.reload();
        await page.locator('[data-ready="true"]').waitFor();
        expect(await page.getByLabel("Search").inputValue()).toBe("sink");
        await waitFor(async () => (await page.locator("tbody tr").count()) === 3, { message: "3 rows after reload" });

        // The Failed counter narrows it to the broken sink and says it is pressed.
        const failed = page.getByTestId("counter-failed");
        await failed.click();
        await waitFor(async () => (await failed.getAttribute("aria-pressed")) === "true", { message: "failed counter pressed" });
        await waitFor(async () => (await page.locator("tbody tr").count()) === 1, { message: "1 failed row" });
        expect(await row(page, "broken-sink").count()).toBe(1);
        expect(new URL(page.url()).searchParams.get("status")).toBe("failed");

        // Paused matches nothing yet: the empty-filter state offers to clear.
        await page.getByTestId("counter-paused").click();
        await page.getByText("No connector matches").waitFor();
        await page.getByRole("button", { name: "Clear filters" }).first().click();
        await waitFor(async () => (await page.locator("tbody tr").count()) === 5, { message: "all rows back" });
        expect(await page.getByLabel("Search").inputValue()).toBe("");

        await page.getByLabel("Type").selectOption("source");
        await waitFor(async () => (await page.locator("tbody tr").count()) === 2, { message: "2 source rows" });
        expect(new URL(page.url()).searchParams.get("type")).toBe("source");
      } finally {
        await context.close();
      }
    });

    it("looks right in the dark theme", async () => {
      const { context, page } = await newPage(browser, { colorScheme: "dark" });
      try {
        await open(page);
        await healthOf(page, "broken-sink", "UNHEALTHY").waitFor();
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
        await screenshot(page, "connectors-list-dark");
      } finally {
        await context.close();
      }
    });

    it("pauses a selection in bulk and reports each outcome, including a connector deleted meanwhile", async () => {
      const { context, page } = await newPage(browser);
      try {
        await open(page);
        // The header checkbox selects the page, by keyboard too.
        await page.getByLabel("Select all connectors on this page").focus();
        await page.keyboard.press("Space");
        const bar = page.getByTestId("bulk-bar");
        await bar.getByText("5 connectors selected").waitFor();
        await bar.getByRole("button", { name: "Clear selection" }).click();
        await bar.waitFor({ state: "detached" });

        const names = ["orders-source", "payments-source", "ghost-sink"];
        for (const name of names) await row(page, name).getByRole("checkbox").check();
        await bar.getByText("3 connectors selected").waitFor();

        await bar.getByRole("button", { name: "Pause" }).click();
        const confirm = page.getByRole("dialog", { name: "Pause 3 connectors?" });
        await confirm.waitFor();
        await screenshot(page, "connectors-bulk-confirm");

        // Someone deletes one of them through the REST API before the confirmation.
        expect((await rest("DELETE", "/connectors/ghost-sink")).status).toBe(204);
        await confirm.getByRole("button", { name: "Pause 3 connectors" }).click();

        const report = page.getByRole("dialog", { name: "Pause: 2 succeeded, 1 failed" });
        await report.waitFor();
        const results = report.getByTestId("bulk-result");
        expect(await results.count()).toBe(3);
        // Failures first, with the cluster's reason.
        const first = results.first();
        expect(await first.getAttribute("data-name")).toBe("ghost-sink");
        expect(await first.getAttribute("data-ok")).toBe("false");
        // Kafka's wording for pausing a missing connector (AbstractHerder#pauseConnector).
        expect(await first.textContent()).toMatch(/Unknown connector ghost-sink/);
        expect(await first.textContent()).toMatch(/HTTP 404/);
        for (const name of ["orders-source", "payments-source"]) {
          expect(await report.locator(`[data-testid="bulk-result"][data-name="${name}"]`).getAttribute("data-ok")).toBe("true");
        }
        await screenshot(page, "connectors-bulk-report");
        await report.getByRole("button", { name: "Close" }).first().click();

        // The list refreshes: both paused, the deleted one gone.
        for (const name of ["orders-source", "payments-source"]) await stateOf(page, name, "PAUSED").waitFor();
        await row(page, "ghost-sink").waitFor({ state: "detached" });
        await waitFor(async () => (await page.getByTestId("counter-paused-value").textContent()) === "2", { message: "2 paused" });
        expect(await bar.getByText("2 connectors selected").count()).toBe(1);
      } finally {
        await context.close();
      }
    });

  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
