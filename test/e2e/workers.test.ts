// The workers of a distributed cluster in a real browser: two `ferry distributed` processes on
// one broker, the console pointed at one of them. The Workers page lists both workers, the leader
// badge on the one the cluster names, and the connectors and tasks each runs; the connector page's
// Tasks tab shows on which worker each task runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { ensureConsoleBuild } from "../../server/console/console-build";
import type { FerryWorkers } from "../../lib/connect/schemas";
import { CHROMIUM, collectPageErrors, launchBrowser, newPage, screenshot } from "../harness/browser";
import { CONSOLE_BUILD_TIMEOUT_MS } from "../harness/ferry-console";
import { clusterProps, spawnDistributedWorker } from "../harness/distributed-worker";
import { freePort, spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";
import { restCall, type RestReply } from "../harness/rest-call";

// The default console build, shared with the other browser suites (one build per source hash).
const env = { ...process.env };

interface Worker {
  url: string;
  id: string;
  process: FerryProcess;
}

describeWithTool(CHROMIUM, "workers of a distributed cluster in the console", () => {
  let root: string;
  let broker: BrokerProcess;
  let browser: Browser;
  let consoleProcess: FerryProcess | undefined;
  let consoleUrl: string;
  const workers: Worker[] = [];
  const pageErrors: string[] = [];

  async function startWorker(index: number): Promise<Worker> {
    const started = await spawnDistributedWorker(
      join(root, `worker-${index}`),
      broker.bootstrap,
      {
        ...clusterProps("console-workers", "cw"),
        "offset.storage.partitions": "2",
        "status.storage.partitions": "2",
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "500",
        "scheduled.rebalance.max.delay.ms": "5000",
        "connector.file.allowed.paths": root,
      },
      { env },
    );
    const worker = { url: started.url, id: started.workerId, process: started.process };
    workers.push(worker);
    return worker;
  }

  const rest = (w: Worker, method: string, path: string, body?: unknown): Promise<RestReply> => restCall(w.url, method, path, body);

  type Status = { connector: { state: string; worker_id: string }; tasks: { id: number; state: string; worker_id: string }[] };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "ferry-workers-e2e-"));
    await ensureConsoleBuild({ env });
    broker = await startBrokerProcess(join(root, "broker"));
    await startWorker(0);
    await startWorker(1);
    const port = await freePort();
    consoleProcess = spawnFerry(["console", "--listen", `127.0.0.1:${port}`, "--connect-url", workers[0]!.url, "--bootstrap-servers", broker.bootstrap], { env });
    consoleUrl = (await consoleProcess.waitForStdout(/Ferry console listening on (http:\/\/\S+)/, 60_000))[1] as string;
    browser = await launchBrowser();

    await waitFor(async () => (await Promise.all(workers.map((w) => rest(w, "GET", "/health").catch(() => undefined)))).every((r) => r?.status === 200), {
      timeoutMs: 30_000,
      message: "both workers healthy",
    });
    for (const name of ["alpha", "beta"]) {
      const res = await rest(workers[1]!, "POST", "/connectors", {
        name,
        config: { "connector.class": "FileStreamSource", file: join(root, `${name}.txt`), topic: `cw-${name}` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const sink = await rest(workers[0]!, "POST", "/connectors", { name: "gamma", config: { "connector.class": "FileStreamSink", file: join(root, "gamma.out"), topics: "cw-alpha" } });
    expect(sink.status, JSON.stringify(sink.body)).toBe(201);
    for (const name of ["alpha", "beta", "gamma"]) {
      await waitFor(
        async () => {
          const res = await rest(workers[0]!, "GET", `/connectors/${name}/status`);
          const s = res.body as Status;
          return res.status === 200 && s.connector.state === "RUNNING" && s.tasks.length === 1 && s.tasks.every((t) => t.state === "RUNNING");
        },
        { timeoutMs: 30_000, message: `${name} running` },
      );
    }
    // Both workers hold work, and the cluster has settled on one assignment.
    await waitFor(
      async () => {
        const view = (await rest(workers[0]!, "GET", "/ferry/workers")).body as FerryWorkers;
        return view.workers.length === 2 && view.workers.every((w) => w.tasks.length + w.connectors.length > 0) && view.workers.flatMap((w) => w.tasks).length === 3;
      },
      { timeoutMs: 30_000, message: "work on both workers" },
    );
  }, CONSOLE_BUILD_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await consoleProcess?.stop();
    for (const w of workers) await w.process.stop("SIGTERM", 20_000).catch(() => w.process.kill());
    await broker?.stop("SIGTERM", 10_000);
    if (root) rmSync(root, { recursive: true, force: true });
  }, 90_000);

  it("lists the workers with the leader, their connectors and tasks linking to the connector pages", async () => {
    const { context, page } = await newPage(browser);
    onTestFailed(() => {
      for (const [i, w] of workers.entries()) console.error(`--- worker ${i} stderr (end):\n${w.process.stderr().slice(-3000)}`);
    });
    try {
      pageErrors.push(...collectPageErrors(page));
      await page.goto(`${consoleUrl}/workers`);
      await page.getByRole("heading", { name: "Workers" }).waitFor();
      // The page refreshes itself: wait until it shows the assignment the cluster settled on.
      const expected = ((await rest(workers[1]!, "GET", "/ferry/workers")).body as FerryWorkers).workers;
      for (const w of expected) {
        const row = page.locator(`tr[data-worker="${w.id}"]`);
        await row.waitFor();
        await waitFor(async () => (await row.getByTestId("task-count").textContent()) === String(w.tasks.length), { message: `task count of ${w.id}` });
        expect(await row.getByTestId("connector-count").textContent()).toBe(String(w.connectors.length));
        for (const c of w.connectors) {
          expect(await row.locator('[data-col="connectors"]').getByRole("link", { name: c }).getAttribute("href")).toBe(`/connectors/${c}`);
        }
        for (const t of w.tasks) expect(await row.locator(`[data-tasks-of="${t.connector}"]`).textContent()).toContain(`#${t.task}`);
        // The leader badge says so in words, on the leader's row only.
        expect(await row.getByTestId("leader-badge").count()).toBe(w.leader ? 1 : 0);
      }
      expect(expected.map((w) => w.id).sort()).toEqual(workers.map((w) => w.id).sort());
      expect(await page.getByTestId("leader-badge").count()).toBe(1);
      expect(await page.getByTestId("leader-badge").textContent()).toBe("Leader");
      expect(await page.getByTestId("workers-summary").textContent()).toContain("2 workers, 3 tasks");
      // The navigation links to the page.
      expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workers" }).getAttribute("href")).toBe("/workers");
      await screenshot(page, "workers-distributed");

      // A task's worker on the connector page, and the link from the Workers page gets there.
      const owner = expected.find((w) => w.tasks.some((t) => t.connector === "beta"))!;
      await page.locator(`tr[data-worker="${owner.id}"] [data-tasks-of="beta"]`).getByRole("link", { name: "beta" }).click();
      await page.waitForURL(/\/connectors\/beta/);
      const taskRow = page.getByTestId("task-row-0");
      await taskRow.waitFor();
      await waitFor(async () => ((await taskRow.textContent()) ?? "").includes(owner.id), { message: "the task's worker on the Tasks tab" });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
