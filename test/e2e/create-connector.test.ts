// The create-connector wizard and the config editor in a real browser against a real `ferry start`:
// create FileStream sources through the generated form and by pasting JSON, see a pasted config's
// errors on the right fields, then edit a running connector's config, review the diff, apply it,
// and see an invalid value's validation error. Screenshots of each step go to test-artifacts/.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fieldId } from "../../lib/connect/config-form";
import { collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS, startFerryWithConsole, type FerryWithConsole } from "../harness/ferry-console";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";

const SOURCE_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const STEP_TIMEOUT_MS = 120_000;

describeWithTool("/usr/bin/chromium", "create-connector wizard and config editor (browser)", () => {
  let ferry: FerryWithConsole;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let inputFile: string;

  beforeAll(async () => {
    ferry = await startFerryWithConsole();
    inputFile = join(ferry.dataDir, "lines.txt");
    writeFileSync(inputFile, "one\ntwo\nthree\n");
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    errors = collectPageErrors(page);
  }, CONSOLE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ferry?.stop();
  }, 60_000);

  /** The REST API's own view, to check what the console did. */
  async function rest<T>(path: string): Promise<T> {
    const res = await fetch(`${ferry.restUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const field = (key: string) => page.locator(`#${fieldId(key)}`);
  const fieldErrors = (key: string) => page.locator(`#${fieldId(key)}-errors`);
  const validationStatus = (text: RegExp) => page.getByTestId("validation-status").filter({ hasText: text }).waitFor();

  async function expectRunningPage(name: string) {
    await page.waitForURL((url) => url.pathname === `/connectors/${name}`);
    await waitFor(async () => (await rest<{ connector: { state: string } }>(`/connectors/${name}/status`)).connector.state === "RUNNING", {
      timeoutMs: 30_000,
      message: `${name} to be RUNNING`,
    });
    await page.locator('[data-state="RUNNING"]').first().waitFor({ timeout: 30_000 });
  }

  it(
    "creates a FileStream source through the generated form",
    async () => {
      await page.goto(`${ferry.consoleUrl}/connectors/new`);
      await page.getByRole("button", { name: `Use ${SOURCE_CLASS}` }).waitFor();
      await screenshot(page, "create-1-pick-plugin");
      // The sink filter hides the source; the source filter shows it again.
      await page.getByRole("radio", { name: "Sink" }).check({ force: true });
      await page.getByRole("button", { name: `Use ${SOURCE_CLASS}` }).waitFor({ state: "detached" });
      await page.getByRole("radio", { name: "Source" }).check({ force: true });
      await page.getByRole("button", { name: `Use ${SOURCE_CLASS}` }).click();

      await field("name").fill("form-source");
      // The plugin's own keys come first; the required topic is reported until it is filled.
      await fieldErrors("topic").filter({ hasText: /Missing required configuration "topic"/ }).waitFor();
      await field("file").fill(inputFile);
      await field("topic").fill("form-lines");
      await validationStatus(/^\s*Valid\s*$/);
      expect(await field("topic").getAttribute("aria-invalid")).toBeNull();
      await screenshot(page, "create-2-configure-form");

      await page.getByRole("button", { name: "Next: review" }).click();
      const review = page.getByTestId("review-json");
      await review.waitFor();
      expect(JSON.parse(await review.innerText())).toEqual({ name: "form-source", config: { "connector.class": SOURCE_CLASS, file: inputFile, topic: "form-lines" } });
      await screenshot(page, "create-3-review");

      await page.getByRole("button", { name: "Create connector" }).click();
      await expectRunningPage("form-source");
      await screenshot(page, "create-4-form-source-running");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "creates a second source by pasting Kafka Connect JSON",
    async () => {
      await page.goto(`${ferry.consoleUrl}/connectors/new`);
      await page.getByTestId("paste-config").click();
      const json = { name: "pasted-source", config: { "connector.class": "FileStreamSource", "tasks.max": "1", file: inputFile, topic: "pasted-lines" } };
      await page.getByTestId("paste-config-text").fill(JSON.stringify(json, null, 2));
      await page.getByText("Read as Kafka Connect JSON").waitFor();
      await screenshot(page, "paste-1-json");
      await page.getByRole("button", { name: "Use this config" }).click();

      expect(await field("name").inputValue()).toBe("pasted-source");
      expect(await field("topic").inputValue()).toBe("pasted-lines");
      await validationStatus(/^\s*Valid\s*$/);
      await page.getByRole("button", { name: "Next: review" }).click();
      await page.getByRole("button", { name: "Create connector" }).click();
      await expectRunningPage("pasted-source");
      await screenshot(page, "paste-2-pasted-source-running");
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "shows a pasted config's errors on the right fields",
    async () => {
      await page.goto(`${ferry.consoleUrl}/connectors/new`);
      await page.getByTestId("paste-config").click();
      // A syntax error is pointed at by line before anything is used.
      await page.getByTestId("paste-config-text").fill('{\n  "name": "broken"\n  "config": {}\n}');
      await page.getByText(/Line 3, column 3: Expected ',' or '}'/).waitFor();
      expect(await page.getByRole("button", { name: "Use this config" }).isDisabled()).toBe(true);

      await page.getByTestId("paste-config-text").fill("# a .properties file\nname=bad-source\nconnector.class=FileStreamSource\ntasks.max=abc\nfile=/tmp/none.txt\n");
      await page.getByText("Read as .properties").waitFor();
      await page.getByRole("button", { name: "Use this config" }).click();

      await fieldErrors("tasks.max").filter({ hasText: /Not a number of type INT/ }).waitFor();
      await fieldErrors("topic").filter({ hasText: /Missing required configuration "topic"/ }).waitFor();
      expect(await field("tasks.max").getAttribute("aria-invalid")).toBe("true");
      expect(await field("topic").getAttribute("aria-invalid")).toBe("true");
      expect(await field("file").getAttribute("aria-invalid")).toBeNull();
      const summary = page.getByTestId("error-summary");
      expect(await summary.getByRole("link", { name: /Tasks max/ }).getAttribute("href")).toBe(`#${fieldId("tasks.max")}`);
      expect(await page.getByRole("button", { name: "Next: review" }).isDisabled()).toBe(true);
      await screenshot(page, "paste-3-errors-on-fields");

      // The summary's link takes the keyboard to the field.
      await summary.getByRole("link", { name: /Tasks max/ }).click();
      await waitFor(() => page.evaluate((id) => document.activeElement?.id === id, fieldId("tasks.max")), { message: "focus on tasks.max" });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "edits a running connector's config: diff, apply, then an invalid value's error",
    async () => {
      await page.goto(`${ferry.consoleUrl}/connectors/form-source?tab=configuration`);
      const editor = page.getByTestId("connector-config-editor");
      await editor.waitFor();
      await validationStatus(/^\s*Valid\s*$/);
      await screenshot(page, "edit-1-configuration-tab");

      await field("topic").fill("form-lines-v2");
      await page.getByRole("button", { name: "Review changes (1)" }).click();
      const row = page.locator('[data-diff-key="topic"][data-diff-kind="changed"]');
      await row.waitFor();
      expect(await row.innerText()).toMatch(/Changed\s+topic\s+form-lines\s+form-lines-v2/);
      await screenshot(page, "edit-2-diff");
      const apply = page.getByRole("dialog").getByRole("button", { name: "Apply" });
      await waitFor(() => apply.isEnabled(), { message: "Apply to be enabled", timeoutMs: 15_000 });
      await apply.click();
      await page.getByTestId("toast").filter({ hasText: "Updated the configuration of form-source" }).waitFor();
      await waitFor(async () => (await rest<Record<string, string>>("/connectors/form-source/config")).topic === "form-lines-v2", { message: "the new topic on the worker" });
      // The applied draft comes back as the running config: nothing left to review, no stale warning.
      await page.getByRole("button", { name: "Review changes", exact: true }).waitFor();
      expect(await page.getByText("The running configuration changed").count()).toBe(0);

      // An invalid value: the console's own check at once, then the worker's answer on the field.
      await field("tasks.max").fill("abc");
      await fieldErrors("tasks.max").filter({ hasText: /Not a number of type INT/ }).waitFor();
      expect(await field("tasks.max").getAttribute("aria-invalid")).toBe("true");
      await page.getByRole("button", { name: "Review changes (1)" }).click();
      await page.getByTestId("apply-blocker").filter({ hasText: /Fix the .*validation error/ }).waitFor();
      expect(await page.getByRole("dialog").getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
      await screenshot(page, "edit-3-invalid-value-blocked");
      await page.getByRole("button", { name: "Keep editing" }).click();

      // The JSON view is the same draft: the invalid value is there, and a key added there
      // survives the way back to the form as an "Other keys" entry.
      await page.getByRole("tab", { name: "JSON" }).click();
      const text = page.getByTestId("json-editor");
      const draft = JSON.parse(await text.inputValue()) as Record<string, string>;
      expect(draft["tasks.max"]).toBe("abc");
      await text.fill(JSON.stringify({ ...draft, "custom.setting": "kept" }, null, 2));
      await screenshot(page, "edit-4-json-view");
      await page.getByRole("tab", { name: "Form" }).click();
      expect(await page.getByLabel("Value of custom.setting").inputValue()).toBe("kept");
      expect(await field("tasks.max").inputValue()).toBe("abc");

      expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "lists plugins with a type filter and shows a plugin's documented settings",
    async () => {
      await page.goto(`${ferry.consoleUrl}/plugins`);
      await page.locator(`[data-plugin="${SOURCE_CLASS}"]`).waitFor();
      expect(await page.locator('[data-plugin-type="transformation"]').count()).toBe(0);
      await page.getByLabel("Include converters, transforms and predicates").check();
      await page.locator('[data-plugin-type="transformation"]').first().waitFor();
      await screenshot(page, "plugins-1-catalogue");

      await page.goto(`${ferry.consoleUrl}/plugins/${encodeURIComponent(SOURCE_CLASS)}`);
      await page.locator('[data-group="Common"] [data-config-key="topic"]').waitFor();
      expect(await page.locator('[data-config-key="topic"]').innerText()).toMatch(/Required/);
      await screenshot(page, "plugins-2-detail");

      // The dark theme, for a person to look at.
      const dark = await newPage(browser, { colorScheme: "dark" });
      try {
        await dark.page.goto(`${ferry.consoleUrl}/connectors/new?plugin=${encodeURIComponent(SOURCE_CLASS)}`);
        await dark.page.locator(`#${fieldId("topic")}`).waitFor();
        await dark.page.getByTestId("validation-status").filter({ hasText: /error/ }).waitFor();
        await screenshot(dark.page, "create-5-configure-dark");
      } finally {
        await dark.context.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
