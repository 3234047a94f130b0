// The topics pages and the message viewer in a real browser against a real `ferry start`: a topic
// filled by a FileStream source shown decoded (Connect envelope unwrapped), a live tail receiving
// 1,000 records produced with kcat, pause and resume with the "new while paused" count, a value
// substring filter, a record produced from the form, and a dead letter queue's error headers as
// columns (reached from the sink's connector page). Screenshots go to test-artifacts/screenshots/.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM, collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS, consoleCsrfHeaders, startFerryWithConsole, type FerryWithConsole } from "../harness/ferry-console";
import { runKcat } from "../harness/kcat";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";

describeWithTool(CHROMIUM, "topics and the message viewer (browser)", () => {
  describeWithTool("kcat", "with kcat as the producer", () => {
    let ferry: FerryWithConsole | undefined;
    let browser: Browser | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let errors: string[] = [];
    let dir = "";

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "ferry-message-viewer-"));
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

    async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }

    const createConnector = async (name: string, config: Record<string, string>) => {
      const r = await post(`${ferry!.restUrl}/connectors`, { name, config });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };

    const createTopic = async (name: string, partitions: number) => {
      // The console's API asks changes for its CSRF token, as the page sends it.
      const r = await post(`${ferry!.consoleUrl}/api/kafka/local/topics`, { name, partitions }, await consoleCsrfHeaders(ferry!.consoleUrl));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    };

    const topicMessages = async (topic: string): Promise<number> => {
      const res = await fetch(`${ferry!.consoleUrl}/api/kafka/local/topics/${topic}`);
      return res.ok ? ((await res.json()) as { messages: number }).messages : -1;
    };

    const kcatProduce = async (topic: string, lines: string[], extra: string[] = []) => {
      const r = await runKcat(["-P", "-b", ferry!.bootstrap, "-t", topic, ...extra], { input: `${lines.join("\n")}\n` });
      expect(r.code, r.stderr).toBe(0);
    };

    const count = (testId: string) => page.getByTestId(testId);
    const rows = () => page.getByTestId("message-row");
    /** Browser-logged failed requests are the page's own 404 probes; anything else is a bug. */
    const unexpectedErrors = () => errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));

    it("lists topics with their connectors and shows a FileStream source's records decoded", async () => {
      const file = join(dir, "lines.txt");
      writeFileSync(file, "hello-1\nhello-2\nhello-3\n");
      await createConnector("lines-source", { "connector.class": "FileStreamSource", file, topic: "lines" });
      await waitFor(async () => (await topicMessages("lines")) === 3, { timeoutMs: 30_000, message: "3 records on 'lines'" });

      await page.goto(`${ferry!.consoleUrl}/topics`);
      const row = page.getByTestId("topic-row").filter({ hasText: "lines" });
      await row.getByRole("link", { name: "lines-source" }).waitFor();
      expect(await row.innerText()).toMatch(/\(writes\)/);
      // Internal topics (the worker's own) are hidden until asked for.
      expect(await page.getByTestId("topic-row").filter({ hasText: /^_/ }).count()).toBe(0);
      await screenshot(page, "topics-list");

      await row.getByRole("link", { name: "lines", exact: true }).click();
      await page.waitForURL(/\/topics\/lines/);
      await count("shown-count").filter({ hasText: /^3$/ }).waitFor();
      const values = await page.getByTestId("message-value").allInnerTexts();
      // The JsonConverter envelope is unwrapped: the payload string, no schema/payload wrapper.
      expect(values).toEqual(['"hello-1"', '"hello-2"', '"hello-3"']);

      await rows().first().getByRole("button", { name: /Open record/ }).click();
      const panel = page.getByTestId("record-panel");
      await panel.waitFor();
      expect(await panel.getByTestId("record-value").innerText()).toMatch(/Connect JSON[\s\S]*"hello-1"/);
      await screenshot(page, "topic-messages-decoded");

      // A CEL expression tested against the opened record, on the server.
      const filter = page.getByRole("form", { name: "Add a filter" });
      await filter.getByLabel("Filter", { exact: true }).selectOption("cel");
      await filter.getByLabel("Expression").fill('valueText.contains("hello") && offset == 0');
      await filter.getByRole("button", { name: "Test against opened record" }).click();
      await page.getByTestId("filter-test").filter({ hasText: "Matches the opened record" }).waitFor();
      await filter.getByLabel("Expression").fill("value.nope ==");
      await filter.getByRole("button", { name: "Test against opened record" }).click();
      await page.getByTestId("filter-test").filter({ hasText: "Does not compile" }).waitFor();

      // Export of the result as JSON lines.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON lines" }).click()]);
      const exported = await download.createReadStream().then(async (stream) => {
        let text = "";
        for await (const chunk of stream) text += String(chunk);
        return text;
      });
      expect(exported.trim().split("\n").map((line) => (JSON.parse(line) as { value: string }).value)).toEqual(["hello-1", "hello-2", "hello-3"]);

      // Produce from the form: the finished scan runs again and shows the new record.
      await page.getByRole("button", { name: "Produce", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Produce to lines" });
      await dialog.getByRole("textbox", { name: "Value", exact: true }).fill("from-the-form");
      await dialog.getByRole("button", { name: "Produce", exact: true }).click();
      await page.getByTestId("toast").filter({ hasText: "Produced to lines" }).first().waitFor();
      await page.getByTestId("message-value").filter({ hasText: "from-the-form" }).waitFor();
      await count("shown-count").filter({ hasText: /^4$/ }).waitFor();
      await screenshot(page, "topic-messages-produced");

      // The tab is kept in the URL.
      await page.getByRole("tab", { name: "Partitions" }).click();
      await page.waitForURL((url) => url.searchParams.get("tab") === "partitions");
      await page.getByRole("table", { name: "Partitions" }).waitFor();
      expect(unexpectedErrors()).toEqual([]);
    });

    it("live-tails 1,000 records produced with kcat, pauses and resumes, and filters by a value substring", async () => {
      // Created from the topics list's dialog, which opens the new topic.
      await page.goto(`${ferry!.consoleUrl}/topics`);
      await page.getByRole("button", { name: "Create topic" }).first().click();
      const create = page.getByRole("dialog", { name: "Create topic" });
      await create.getByLabel("Name").fill("tail");
      await create.getByLabel("Partitions").fill("2");
      await create.getByRole("button", { name: "Create", exact: true }).click();
      await page.waitForURL(/\/topics\/tail$/);
      await page.getByTestId("scan-phase").and(page.locator("[data-phase=done]")).waitFor();
      await page.getByRole("button", { name: "Live tail" }).click();
      await page.getByTestId("scan-phase").filter({ hasText: "Live tail" }).waitFor();

      await kcatProduce("tail", Array.from({ length: 1000 }, (_, i) => `rec-${i}`));
      await count("received-count").filter({ hasText: /^1,000$/ }).waitFor({ timeout: 30_000 });
      await count("shown-count").filter({ hasText: /^1,000$/ }).waitFor();
      await screenshot(page, "topic-live-tail");

      await page.getByRole("button", { name: "Pause", exact: true }).click();
      await kcatProduce("tail", Array.from({ length: 200 }, (_, i) => `more-${i}`));
      await count("new-while-paused").filter({ hasText: "200 new while paused" }).waitFor({ timeout: 30_000 });
      expect(await count("shown-count").innerText()).toBe("1,000");
      await screenshot(page, "topic-live-tail-paused");
      await page.getByRole("button", { name: "Resume", exact: true }).click();
      await count("shown-count").filter({ hasText: /^1,200$/ }).waitFor();
      expect(await count("received-count").innerText()).toBe("1,200");

      await page.getByRole("button", { name: "Stop live tail" }).click();
      await page.getByTestId("scan-phase").and(page.locator("[data-phase=cancelled]")).waitFor();

      // A value substring (no code) over the whole topic: rec-99 and rec-990…rec-999.
      await page.getByLabel("Start").selectOption("oldest");
      const filter = page.getByRole("form", { name: "Add a filter" });
      await filter.getByLabel("Text", { exact: true }).fill("rec-99");
      await filter.getByRole("button", { name: "Add filter" }).click();
      await page.getByRole("list", { name: "Active filters" }).getByText('value contains "rec-99"').waitFor();
      await page.getByTestId("scan-phase").and(page.locator("[data-phase=done]")).waitFor();
      await count("shown-count").filter({ hasText: /^11$/ }).waitFor();
      const values = await page.getByTestId("message-value").allInnerTexts();
      expect(values.every((v) => v.includes("rec-99"))).toBe(true);
      await screenshot(page, "topic-filtered");
      expect(unexpectedErrors()).toEqual([]);
    });

    it("shows a dead letter queue's error headers as columns, linked from the sink's page", async () => {
      await createTopic("orders-dlq", 1);
      const headers = [
        "__connect.errors.topic=orders",
        "__connect.errors.partition=0",
        "__connect.errors.offset=42",
        "__connect.errors.stage=VALUE_CONVERTER",
        "__connect.errors.class.name=org.apache.kafka.connect.json.JsonConverter",
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "__connect.errors.exception.message=Converting byte[] to Kafka Connect data failed due to serialization error",
      ].flatMap((h) => ["-H", h]);
      await kcatProduce("orders-dlq", ["{not json"], headers);
      await createConnector("orders-sink", {
        "connector.class": "FileStreamSink",
        file: join(dir, "orders-out.txt"),
        topics: "orders",
        "errors.tolerance": "all",
        "errors.deadletterqueue.topic.name": "orders-dlq",
        "errors.deadletterqueue.context.headers.enable": "true",
      });

      await page.goto(`${ferry!.consoleUrl}/connectors/orders-sink`);
      await page.getByTestId("dlq-link").click();
      await page.waitForURL((url) => url.pathname === "/topics/orders-dlq" && url.searchParams.get("preset") === "dlq");
      await count("shown-count").filter({ hasText: /^1$/ }).waitFor();
      await page.getByTestId("dlq-column-stage").waitFor();
      const row = rows().first();
      expect(await row.getByTestId("dlq-topic").innerText()).toBe("orders");
      expect(await row.getByTestId("dlq-offset").innerText()).toBe("42");
      expect(await row.getByTestId("dlq-stage").innerText()).toBe("VALUE_CONVERTER");
      expect(await row.getByTestId("dlq-message").innerText()).toMatch(/Converting byte\[\] to Kafka Connect data failed/);
      await screenshot(page, "topic-dlq-columns");

      // The shared link to one record opens it.
      await row.getByRole("button", { name: /Open record/ }).click();
      await page.getByTestId("record-panel").waitFor();
      await page.goto(`${ferry!.consoleUrl}/topics/orders-dlq?preset=dlq&partition=0&offset=0`);
      await page.getByTestId("record-panel").getByText("Error context").waitFor();

      // The dark theme.
      const dark = await newPage(browser!, { colorScheme: "dark" });
      try {
        await dark.page.goto(`${ferry!.consoleUrl}/topics/orders-dlq?preset=dlq`);
        await dark.page.getByTestId("message-row").first().waitFor();
        await screenshot(dark.page, "topic-dlq-columns-dark");
      } finally {
        await dark.context.close();
      }

      // Delete, confirmed.
      await page.goto(`${ferry!.consoleUrl}/topics`);
      await page.getByRole("button", { name: "Delete topic orders-dlq" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete topic" });
      await confirm.getByText("orders-dlq").waitFor();
      await confirm.getByRole("button", { name: "Delete topic" }).click();
      await page.getByTestId("toast").filter({ hasText: "Deleted topic orders-dlq" }).first().waitFor();
      await page.getByTestId("topic-row").filter({ hasText: "orders-dlq" }).waitFor({ state: "detached" });
      expect(unexpectedErrors()).toEqual([]);
    });
  });
});
