// The console's connectors list with many connectors: `ferry start` with its console, N connectors
// on the bundled worker (default 500), then
//  * the time from navigation to a rendered list in Chromium (the counters show all N and the first
//    rows are on screen), several runs each in a fresh browser context (no cache), median and each;
//  * the server time of the list request, GET /connectors?expand=status&expand=info, straight to
//    the worker and through the console's Connect proxy.
// Prints ONE JSON object on stdout; progress goes to stderr.
//
//   npm run -s bench:console [-- --connectors 500] [-- --runs 7]
//
// The connectors are FileStream connectors whose input files do not exist (a running source task
// waits for its file, a running sink writes nothing), mostly PAUSED or STOPPED so the machine's two
// cores are not spent on 500 live tasks: the list's cost depends on the number of rows, not on
// what the tasks do.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage } from "../test/harness/browser";
import { startFerryWithConsole, type FerryWithConsole } from "../test/harness/ferry-console";
import { waitFor } from "../test/harness/wait-for";
import { PAGE_SIZE } from "../lib/connect/connector-list";
import { memory, round } from "./bench-util";

const { values: args } = parseArgs({
  options: {
    connectors: { type: "string", default: "500" },
    runs: { type: "string", default: "7" },
    requests: { type: "string", default: "15" },
  },
});
const CONNECTORS = Number(args.connectors);
const RUNS = Number(args.runs);
const REQUESTS = Number(args.requests);
const TARGET_RENDER_MS = 1000;
const CREATE_CONCURRENCY = 4;
const LIST_PATH = "/connectors?expand=status&expand=info";

const SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
type InitialState = "RUNNING" | "PAUSED" | "STOPPED";

/** Every fifth connector is a sink; states cycle 2 RUNNING, 3 PAUSED, 5 STOPPED in every 10. */
function plan(i: number, dir: string): { name: string; config: Record<string, string>; initialState: InitialState } {
  const sink = i % 5 === 4;
  const slot = i % 10;
  const initialState: InitialState = slot < 2 ? "RUNNING" : slot < 5 ? "PAUSED" : "STOPPED";
  const name = `bench-${sink ? "sink" : "source"}-${String(i).padStart(4, "0")}`;
  const topic = `bench-topic-${i % 20}`;
  const config: Record<string, string> = sink
    ? { "connector.class": SINK, "tasks.max": "1", file: join(dir, `${name}.out`), topics: topic }
    : { "connector.class": SOURCE, "tasks.max": "1", file: join(dir, `missing-${name}.txt`), topic };
  return { name, config, initialState };
}

const log = (msg: string) => process.stderr.write(`[bench:console] ${msg}\n`);
const cleanups: (() => void | Promise<void>)[] = [];

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const stats = (xs: readonly number[]) => ({ median: round(median(xs), 1), min: round(Math.min(...xs), 1), max: round(Math.max(...xs), 1), runs: xs.map((x) => round(x, 1)) });

async function createConnectors(ferry: FerryWithConsole, dir: string): Promise<Record<InitialState, number> & { sources: number; sinks: number }> {
  const counts = { RUNNING: 0, PAUSED: 0, STOPPED: 0, sources: 0, sinks: 0 };
  let next = 0;
  const worker = async () => {
    while (next < CONNECTORS) {
      const p = plan(next++, dir);
      const res = await fetch(`${ferry.restUrl}/connectors`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: p.name, config: p.config, initial_state: p.initialState }),
      });
      if (res.status !== 201) throw new Error(`creating ${p.name}: HTTP ${res.status} ${await res.text()}`);
      await res.body?.cancel();
      counts[p.initialState]++;
      if (p.config["connector.class"] === SINK) counts.sinks++;
      else counts.sources++;
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  return counts;
}

type Expanded = Record<string, { status?: { connector: { state: string }; tasks: { state: string }[] } }>;

/** Waits until every connector reports the state it was created in, so the list is settled. */
async function waitSettled(ferry: FerryWithConsole, expected: Record<InitialState, number>): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  await waitFor(
    async () => {
      const body = (await (await fetch(`${ferry.restUrl}/connectors?expand=status`)).json()) as Expanded;
      last = {};
      for (const entry of Object.values(body)) {
        const state = entry.status?.connector.state ?? "none";
        last[state] = (last[state] ?? 0) + 1;
      }
      return last.RUNNING === expected.RUNNING && last.PAUSED === expected.PAUSED && last.STOPPED === expected.STOPPED;
    },
    { timeoutMs: 180_000, intervalMs: 500, message: `the ${CONNECTORS} connectors to reach their initial states` },
  );
  return last;
}

/** Wall time of full GET answers (headers and body), one request at a time. */
async function timeRequests(url: string): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS + 1; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { accept: "application/json" } });
    const body = await res.arrayBuffer();
    const elapsed = performance.now() - start;
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    bytes = body.byteLength;
    if (i > 0) ms.push(elapsed); // the first one warms connections and caches up
  }
  return { ms, bytes };
}

interface RenderRun {
  /** Navigation start → counters show N and the first row is on screen (performance.now() in the page). */
  renderedMs: number;
  /** Navigation start → the same, with the browser's code running the list (hydrated, clickable). */
  interactiveMs: number;
  /** Navigation start → the browser's first contentful paint. */
  firstContentfulPaintMs: number;
  /** Navigation start → the HTML document fully received. */
  documentMs: number;
  /** The last script of the page received: the app's code is in. */
  scriptsMs: number;
  /** The cluster list request (the page's first request, sent once React runs): start and duration. */
  clustersRequestStartMs: number;
  clustersRequestMs: number;
  /** The list request as the browser saw it: start and duration. */
  listRequestStartMs: number;
  listRequestMs: number;
  rowsRendered: number;
  /** Requests the page made by then (scripts, styles, API calls, prefetches). */
  requests: number;
}

async function renderRun(browser: Browser, url: string): Promise<RenderRun> {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(url, { waitUntil: "commit" });
    const renderedMs = await page.waitForFunction(
      (n) => {
        const total = document.querySelector('[data-testid="counter-total-value"]');
        const first = document.querySelector("tbody tr[data-connector]");
        if (total?.textContent !== String(n) || !first) return false;
        const box = first.getBoundingClientRect();
        return box.height > 0 && box.top < window.innerHeight ? performance.now() : false;
      },
      CONNECTORS,
      { polling: "raf", timeout: 60_000 },
    );
    const rendered = (await renderedMs.jsonValue()) as number;
    const interactive = (await (
      await page.waitForFunction(() => (document.querySelector('[data-ready="true"]') ? performance.now() : false), undefined, { polling: "raf", timeout: 60_000 })
    ).jsonValue()) as number;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const list = resources.find((e) => e.name.includes("/connectors?expand="));
      const clusters = resources.find((e) => e.name.endsWith("/api/clusters"));
      return {
        documentMs: nav?.responseEnd ?? NaN,
        firstContentfulPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        scriptsMs: Math.max(0, ...resources.filter((e) => e.initiatorType === "script").map((e) => e.responseEnd)),
        clustersRequestStartMs: clusters?.startTime ?? NaN,
        clustersRequestMs: clusters?.duration ?? NaN,
        listRequestStartMs: list?.startTime ?? NaN,
        listRequestMs: list?.duration ?? NaN,
        rowsRendered: document.querySelectorAll("tbody tr[data-connector]").length,
        requests: resources.length,
      };
    });
    return { renderedMs: rendered, interactiveMs: interactive, ...timing };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const begun = performance.now();
  const loadAtStart = loadavg().map((x) => round(x));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-console-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  log("starting ferry with its console (builds the console first if its sources changed)…");
  const ferry = await startFerryWithConsole();
  cleanups.push(() => ferry.stop());

  log(`creating ${CONNECTORS} connectors…`);
  const createStart = performance.now();
  const mix = await createConnectors(ferry, dir);
  const states = await waitSettled(ferry, mix);
  const createSeconds = round((performance.now() - createStart) / 1000, 1);
  log(`created and settled in ${createSeconds} s: ${JSON.stringify(states)}`);

  const clusters = (await (await fetch(`${ferry.consoleUrl}/api/clusters`)).json()) as { connect: { name: string }[] };
  const cluster = clusters.connect[0]?.name;
  if (!cluster) throw new Error("the console lists no Connect cluster");

  log("timing the list request (direct and through the console's proxy)…");
  const direct = await timeRequests(`${ferry.restUrl}${LIST_PATH}`);
  const proxied = await timeRequests(`${ferry.consoleUrl}/api/connect/${encodeURIComponent(cluster)}${LIST_PATH}`);

  log(`rendering the list in chromium: 1 warm-up + ${RUNS} runs…`);
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const url = `${ferry.consoleUrl}/connectors`;
  await renderRun(browser, url);
  const runs: RenderRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await renderRun(browser, url);
    log(`run ${i + 1}: ${round(run.renderedMs, 1)} ms (${run.rowsRendered} rows in the DOM; ${JSON.stringify(run)})`);
    runs.push(run);
  }
  const ferryMemory = memory(ferry.process.pid);

  const render = stats(runs.map((r) => r.renderedMs));
  const out = {
    benchmark: "console",
    connectors: {
      count: CONNECTORS,
      what: `FileStream connectors on the bundled worker (ferry start, standalone): ${mix.sources} FileStreamSource (file missing: a running task waits for it) and ${mix.sinks} FileStreamSink (topics with no records), tasks.max=1, created with initial_state cycling 2 RUNNING / 3 PAUSED / 5 STOPPED in every 10`,
      initialStates: { RUNNING: mix.RUNNING, PAUSED: mix.PAUSED, STOPPED: mix.STOPPED },
      observedStates: states,
      createAndSettleSeconds: createSeconds,
    },
    listRender: {
      what: `navigation start → the counters show all connectors and the first table row is on screen (performance.now() in the page, checked every animation frame); the page is server-rendered with the list fetched on the server, so this is the first paint of the list; interactiveMs is when the browser's code has taken the list over (hydrated); each run in a fresh browser context (no HTTP cache), after one warm-up run; the list shows ${PAGE_SIZE} rows per page`,
      ms: render,
      interactiveMs: stats(runs.map((r) => r.interactiveMs)),
      breakdownMedianMs: {
        documentReceived: stats(runs.map((r) => r.documentMs)).median,
        firstContentfulPaint: stats(runs.map((r) => r.firstContentfulPaintMs)).median,
        scriptsReceived: stats(runs.map((r) => r.scriptsMs)).median,
        clustersRequestStart: stats(runs.map((r) => r.clustersRequestStartMs)).median,
        clustersRequestDuration: stats(runs.map((r) => r.clustersRequestMs)).median,
        listRequestStart: stats(runs.map((r) => r.listRequestStartMs)).median,
        listRequestDuration: stats(runs.map((r) => r.listRequestMs)).median,
      },
      rowsInDom: runs[0]?.rowsRendered ?? 0,
    },
    listRequest: {
      what: `GET ${LIST_PATH}, full answer received, ${REQUESTS} sequential requests after one warm-up`,
      bytes: direct.bytes,
      directMs: stats(direct.ms),
      throughConsoleProxyMs: stats(proxied.ms),
    },
    target: { listRenderMs: TARGET_RENDER_MS },
    pass: { listRenderMedianUnderTarget: render.median < TARGET_RENDER_MS, everyRunUnderTarget: render.max < TARGET_RENDER_MS },
    ferryProcessMemory: ferryMemory,
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverageAtStart: loadAtStart },
    durationMs: Math.round(performance.now() - begun),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

try {
  await main();
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const c of cleanups.reverse()) await c();
}
