import { describe, expect, it } from "vitest";
import type { ExpandedConnector } from "./client";
import {
  DEFAULT_LIST_STATE,
  PAGE_SIZE,
  configTopics,
  countRows,
  filterRows,
  paginate,
  parseListState,
  refreshIntervalMs,
  serialiseListState,
  shortClassName,
  sortRows,
  toRows,
  type ConnectorRow,
} from "./connector-list";
import type { ConnectorState } from "./schemas";

function connector(name: string, opts: { state?: ConnectorState; tasks?: ConnectorState[]; type?: "source" | "sink"; config?: Record<string, string> } = {}): ExpandedConnector {
  const type = opts.type ?? "source";
  const tasks = opts.tasks ?? ["RUNNING"];
  return {
    info: {
      name,
      type,
      config: { "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector", ...opts.config },
      tasks: tasks.map((_, task) => ({ connector: name, task })),
    },
    status: {
      name,
      type,
      connector: { state: opts.state ?? "RUNNING", worker_id: "w:8083" },
      tasks: tasks.map((state, id) => ({ id, state, worker_id: "w:8083" })),
    },
  };
}

const FIXTURE: Record<string, ExpandedConnector> = {
  "orders-source": connector("orders-source", { config: { topic: "orders" } }),
  "orders-sink": connector("orders-sink", {
    type: "sink",
    tasks: ["RUNNING", "FAILED"],
    config: { "connector.class": "FileStreamSink", topics: "orders, refunds ,orders" },
  }),
  "audit-sink": connector("audit-sink", { type: "sink", state: "PAUSED", tasks: ["PAUSED"], config: { "topics.regex": "audit-.*" } }),
  "broken-source": connector("broken-source", { state: "FAILED", tasks: [] }),
  "idle-source": connector("idle-source", { state: "STOPPED", tasks: [] }),
};

const rows = () => toRows(FIXTURE);
const byName = (list: ConnectorRow[]) => list.map((r) => r.name);

describe("toRows", () => {
  it("derives type, plugin, state, health, task counts and topics from the expanded answer", () => {
    const sink = rows().find((r) => r.name === "orders-sink");
    expect(sink).toMatchObject({
      type: "sink",
      pluginClass: "FileStreamSink",
      pluginShort: "FileStreamSink",
      state: "RUNNING",
      health: "DEGRADED",
      tasks: { total: 2, running: 1, failed: 1 },
      topics: { kind: "list", topics: ["orders", "refunds"] },
    });
    const source = rows().find((r) => r.name === "orders-source");
    expect(source).toMatchObject({ pluginShort: "FileStreamSourceConnector", health: "HEALTHY", topics: { kind: "list", topics: ["orders"] } });
    expect(rows().find((r) => r.name === "broken-source")?.health).toBe("UNHEALTHY");
    expect(rows().find((r) => r.name === "idle-source")?.health).toBe("STOPPED");
  });

  it("shows a connector whose status is missing as UNASSIGNED instead of dropping it", () => {
    const [row] = toRows({ ghost: { info: { name: "ghost", type: "sink", config: {}, tasks: [] } } });
    expect(row).toMatchObject({ name: "ghost", state: "UNASSIGNED", health: "UNASSIGNED", type: "sink", pluginClass: "", tasks: { total: 0 } });
  });
});

describe("configTopics and shortClassName", () => {
  it("reads topic, topics (comma list) or topics.regex", () => {
    expect(configTopics({ topic: "a" })).toEqual({ kind: "list", topics: ["a"] });
    expect(configTopics({ topics: "a,,b , a" })).toEqual({ kind: "list", topics: ["a", "b"] });
    expect(configTopics({ "topics.regex": "logs-.*" })).toEqual({ kind: "pattern", pattern: "logs-.*" });
    expect(configTopics({})).toEqual({ kind: "list", topics: [] });
  });

  it("keeps the simple name of a class and leaves aliases alone", () => {
    expect(shortClassName("org.apache.kafka.connect.file.FileStreamSinkConnector")).toBe("FileStreamSinkConnector");
    expect(shortClassName("FileStreamSink")).toBe("FileStreamSink");
    expect(shortClassName("")).toBe("");
  });
});

describe("filterRows", () => {
  it("matches every search word against name, class and topics, case-insensitively", () => {
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, q: "ORDERS" }))).toEqual(["orders-source", "orders-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, q: "refunds" }))).toEqual(["orders-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, q: "audit-.*" }))).toEqual(["audit-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, q: "sink orders" }))).toEqual(["orders-sink"]);
  });

  it("filters by counter status, health and type together", () => {
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, status: "failed" }))).toEqual(["orders-sink", "broken-source"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, status: "running" }))).toEqual(["orders-source", "orders-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, status: "paused" }))).toEqual(["audit-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, status: "stopped" }))).toEqual(["idle-source"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, health: "DEGRADED" }))).toEqual(["orders-sink"]);
    expect(byName(filterRows(rows(), { ...DEFAULT_LIST_STATE, type: "sink", status: "running" }))).toEqual(["orders-sink"]);
  });
});

describe("sortRows", () => {
  it("sorts by name both ways", () => {
    expect(byName(sortRows(rows(), "name", "asc"))).toEqual(["audit-sink", "broken-source", "idle-source", "orders-sink", "orders-source"]);
    expect(byName(sortRows(rows(), "name", "desc"))).toEqual(["orders-source", "orders-sink", "idle-source", "broken-source", "audit-sink"]);
  });

  it("puts what needs attention first in an ascending state sort, ties by name", () => {
    expect(byName(sortRows(rows(), "state", "asc"))).toEqual(["broken-source", "orders-sink", "orders-source", "audit-sink", "idle-source"]);
  });

  it("sorts by type, plugin and tasks (failed tasks first)", () => {
    expect(byName(sortRows(rows(), "type", "asc")).slice(0, 2)).toEqual(["audit-sink", "orders-sink"]);
    expect(byName(sortRows(rows(), "plugin", "asc"))[0]).toBe("orders-sink");
    expect(byName(sortRows(rows(), "tasks", "asc"))[0]).toBe("orders-sink");
  });

  it("does not change its input", () => {
    const input = rows();
    const before = byName(input);
    sortRows(input, "name", "desc");
    expect(byName(input)).toEqual(before);
  });
});

describe("countRows", () => {
  it("counts states; failed counts a RUNNING connector with a failed task too", () => {
    expect(countRows(rows())).toEqual({ total: 5, running: 2, failed: 2, paused: 1, stopped: 1 });
    expect(countRows([])).toEqual({ total: 0, running: 0, failed: 0, paused: 0, stopped: 0 });
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  it("cuts pages of the given size and clamps the page number", () => {
    expect(paginate(items, 1, 100)).toMatchObject({ page: 1, pageCount: 3, start: 0 });
    expect(paginate(items, 3, 100).items).toEqual(items.slice(200));
    expect(paginate(items, 9, 100)).toMatchObject({ page: 3, start: 200 });
    expect(paginate([], 4, 100)).toMatchObject({ page: 1, pageCount: 1, items: [] });
    expect(paginate(items, 2)).toMatchObject({ page: 2, pageCount: Math.ceil(250 / PAGE_SIZE), start: PAGE_SIZE });
  });
});

describe("URL state", () => {
  it("parses a full query string", () => {
    const state = parseListState(new URLSearchParams("q=orders&status=failed&health=DEGRADED&type=sink&sort=tasks&dir=desc&page=3&refresh=30&cluster=x"));
    expect(state).toEqual({ q: "orders", status: "failed", health: "DEGRADED", type: "sink", sort: "tasks", dir: "desc", page: 3, refresh: "30" });
  });

  it("falls back to defaults on anything malformed", () => {
    const state = parseListState(new URLSearchParams("status=bogus&health=meh&type=x&sort=colour&dir=up&page=-2&refresh=7"));
    expect(state).toEqual(DEFAULT_LIST_STATE);
  });

  it("leaves defaults out, keeps unrelated keys, and round-trips", () => {
    const base = new URLSearchParams("cluster=prod&page=4");
    const state = { ...DEFAULT_LIST_STATE, q: "a b", status: "paused" as const, sort: "state" as const };
    const written = serialiseListState(state, base);
    expect(written.get("cluster")).toBe("prod");
    expect(written.has("page")).toBe(false);
    expect(written.has("refresh")).toBe(false);
    expect(written.toString()).toBe("cluster=prod&q=a+b&status=paused&sort=state");
    expect(parseListState(written)).toEqual(state);
    expect(serialiseListState(DEFAULT_LIST_STATE).toString()).toBe("");
  });

  it("turns the refresh choice into a polling interval", () => {
    expect(refreshIntervalMs("off")).toBe(false);
    expect(refreshIntervalMs("5")).toBe(5000);
  });
});

describe("toRows with a cache", () => {
  it("gives back the same row object for an unchanged entry and a new one for a changed entry", () => {
    const cache = new WeakMap<ExpandedConnector, ConnectorRow>();
    const first = toRows(FIXTURE, cache);
    const changed = { ...FIXTURE, "idle-source": connector("idle-source", { state: "RUNNING" }) };
    const second = toRows(changed, cache);
    expect(second[0]).toBe(first[0]);
    const idle = second.find((r) => r.name === "idle-source");
    expect(idle).not.toBe(first.find((r) => r.name === "idle-source"));
    expect(idle?.state).toBe("RUNNING");
  });
});
