import { z } from "zod";
import type { ExpandedConnector } from "./client";
import { connectorHealth, taskCounts, type ConnectorHealth, type TaskCounts } from "./health";
import { connectorTypeSchema, type ConnectorState, type ConnectorType } from "./schemas";

/**
 * The connectors list as pure functions: the expanded REST answer becomes rows once per refresh,
 * then filter, sort, counters and paging run on those rows. The list's view state lives in the URL,
 * parsed and written here so a shared link reopens the same view.
 */

export const CONNECTOR_HEALTHS = ["HEALTHY", "DEGRADED", "UNHEALTHY", "PAUSED", "STOPPED", "RESTARTING", "UNASSIGNED"] as const satisfies readonly ConnectorHealth[];

/** A connector's topics as its config names them: a list of topics, or a `topics.regex` pattern. */
export type ConnectorTopics = { kind: "list"; topics: string[] } | { kind: "pattern"; pattern: string };

export interface ConnectorRow {
  name: string;
  type: ConnectorType;
  /** connector.class as configured (a full class name or an alias). */
  pluginClass: string;
  /** The class's simple name, for the narrow column (the full class goes in the title). */
  pluginShort: string;
  state: ConnectorState;
  health: ConnectorHealth;
  tasks: TaskCounts;
  topics: ConnectorTopics;
  /** Lower-cased text the search box matches: name, class, topics. */
  haystack: string;
}

export function shortClassName(className: string): string {
  const simple = className.slice(className.lastIndexOf(".") + 1);
  return simple || className;
}

/** `topic` (sources such as FileStreamSource), `topics` (sinks, comma-separated) or `topics.regex`. */
export function configTopics(config: Readonly<Record<string, string>>): ConnectorTopics {
  const listed = [config["topics"], config["topic"]]
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(","))
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (listed.length > 0) return { kind: "list", topics: [...new Set(listed)] };
  const pattern = config["topics.regex"]?.trim();
  if (pattern) return { kind: "pattern", pattern };
  return { kind: "list", topics: [] };
}

/** One row per connector. A connector missing its status (deleted mid-request) shows as UNASSIGNED. */
export function toRow(name: string, entry: ExpandedConnector): ConnectorRow {
  const config = entry.info?.config ?? {};
  const status = entry.status ?? { connector: { state: "UNASSIGNED" as const, worker_id: "" }, tasks: [] };
  const pluginClass = config["connector.class"] ?? "";
  const topics = configTopics(config);
  return {
    name,
    type: entry.info?.type ?? entry.status?.type ?? "unknown",
    pluginClass,
    pluginShort: shortClassName(pluginClass),
    state: status.connector.state,
    health: connectorHealth(status),
    tasks: taskCounts(status),
    topics,
    haystack: [name, pluginClass, ...(topics.kind === "list" ? topics.topics : [topics.pattern])].join("\n").toLowerCase(),
  };
}

/**
 * Rows for the whole answer. With a `cache`, an entry object seen before gives back the same row
 * object: TanStack Query keeps unchanged entries identical across refreshes, so unchanged rows keep
 * their identity and memoised row components skip re-rendering.
 */
export function toRows(connectors: Readonly<Record<string, ExpandedConnector>>, cache?: WeakMap<ExpandedConnector, ConnectorRow>): ConnectorRow[] {
  return Object.entries(connectors).map(([name, entry]) => {
    const cached = cache?.get(entry);
    if (cached && cached.name === name) return cached;
    const row = toRow(name, entry);
    cache?.set(entry, row);
    return row;
  });
}

// ---- view state kept in the URL ----

/** The counters above the list; each one but `total` is also a filter. */
export const STATUS_FILTERS = ["running", "failed", "paused", "stopped"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const SORT_KEYS = ["name", "state", "type", "plugin", "tasks"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const REFRESH_CHOICES = ["off", "5", "10", "30"] as const;
export type RefreshChoice = (typeof REFRESH_CHOICES)[number];

/** Rows per page: a few screens' worth, so a page renders fast even with thousands of connectors. */
export const PAGE_SIZE = 50;

export const listStateSchema = z.object({
  q: z.string().catch(""),
  status: z.enum(STATUS_FILTERS).optional().catch(undefined),
  health: z.enum(CONNECTOR_HEALTHS).optional().catch(undefined),
  type: connectorTypeSchema.optional().catch(undefined),
  sort: z.enum(SORT_KEYS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).catch(1),
  refresh: z.enum(REFRESH_CHOICES).catch("10"),
});
export type ListState = z.infer<typeof listStateSchema>;

export const DEFAULT_LIST_STATE: ListState = listStateSchema.parse({});

const LIST_KEYS = Object.keys(listStateSchema.shape) as (keyof ListState)[];

/** Reads the list's state from the query string; anything malformed falls back to its default. */
export function parseListState(params: URLSearchParams): ListState {
  const raw: Record<string, string> = {};
  for (const key of LIST_KEYS) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return listStateSchema.parse(raw);
}

/** Writes `state` into a copy of `base` (other keys such as `cluster` stay), leaving defaults out. */
export function serialiseListState(state: ListState, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of LIST_KEYS) {
    const value = state[key];
    if (value === undefined || value === DEFAULT_LIST_STATE[key]) next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}

export function refreshIntervalMs(choice: RefreshChoice): number | false {
  return choice === "off" ? false : Number(choice) * 1000;
}

// ---- filter, sort, count, page ----

/** Connectors that need attention: the connector or any of its tasks failed. */
export function hasFailure(row: Pick<ConnectorRow, "state" | "tasks">): boolean {
  return row.state === "FAILED" || row.tasks.failed > 0;
}

export function matchesStatus(row: ConnectorRow, status: StatusFilter): boolean {
  switch (status) {
    case "running":
      return row.state === "RUNNING";
    case "failed":
      return hasFailure(row);
    case "paused":
      return row.state === "PAUSED";
    case "stopped":
      return row.state === "STOPPED";
  }
}

export function filterRows(rows: readonly ConnectorRow[], state: Pick<ListState, "q" | "status" | "health" | "type">): ConnectorRow[] {
  const terms = state.q.toLowerCase().split(/\s+/).filter((t) => t !== "");
  return rows.filter(
    (row) =>
      (state.status === undefined || matchesStatus(row, state.status)) &&
      (state.health === undefined || row.health === state.health) &&
      (state.type === undefined || row.type === state.type) &&
      terms.every((t) => row.haystack.includes(t)),
  );
}

/** Worst first, so an ascending state sort puts what needs attention on top. */
const STATE_RANK: Record<ConnectorState, number> = { FAILED: 0, RESTARTING: 1, UNASSIGNED: 2, RUNNING: 3, PAUSED: 4, STOPPED: 5 };
const HEALTH_RANK: Record<ConnectorHealth, number> = { UNHEALTHY: 0, DEGRADED: 1, RESTARTING: 2, UNASSIGNED: 3, HEALTHY: 4, PAUSED: 5, STOPPED: 6 };

const byName = (a: ConnectorRow, b: ConnectorRow) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const COMPARE: Record<SortKey, (a: ConnectorRow, b: ConnectorRow) => number> = {
  name: byName,
  state: (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || HEALTH_RANK[a.health] - HEALTH_RANK[b.health],
  type: (a, b) => a.type.localeCompare(b.type),
  plugin: (a, b) => a.pluginShort.localeCompare(b.pluginShort) || a.pluginClass.localeCompare(b.pluginClass),
  // Failed tasks first, then the most tasks: the busiest trouble on top.
  tasks: (a, b) => b.tasks.failed - a.tasks.failed || b.tasks.total - a.tasks.total || a.tasks.running - b.tasks.running,
};

/** A new sorted array; ties are broken by name (always ascending) so the order is stable. */
export function sortRows(rows: readonly ConnectorRow[], sort: SortKey, dir: "asc" | "desc"): ConnectorRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const compare = COMPARE[sort];
  return [...rows].sort((a, b) => sign * compare(a, b) || byName(a, b));
}

export interface ListCounters {
  total: number;
  running: number;
  failed: number;
  paused: number;
  stopped: number;
}

/** Counts over the whole cluster. `failed` counts connectors with a failure, which may be RUNNING too. */
export function countRows(rows: readonly ConnectorRow[]): ListCounters {
  const counters: ListCounters = { total: rows.length, running: 0, failed: 0, paused: 0, stopped: 0 };
  for (const row of rows) {
    if (row.state === "RUNNING") counters.running++;
    else if (row.state === "PAUSED") counters.paused++;
    else if (row.state === "STOPPED") counters.stopped++;
    if (hasFailure(row)) counters.failed++;
  }
  return counters;
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the last page. */
  page: number;
  pageCount: number;
  /** 0-based index of the first item, for "101–200 of 500". */
  start: number;
}

export function paginate<T>(items: readonly T[], page: number, pageSize = PAGE_SIZE): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const start = (current - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), page: current, pageCount, start };
}
