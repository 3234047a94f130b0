import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OffsetStore, type OffsetCommitEntry } from "./offset-store";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ferry-offsets-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (topic: string, partition: number, offset: number, metadata = ""): OffsetCommitEntry => ({
  topic,
  partition,
  offset,
  leaderEpoch: -1,
  metadata,
  commitTimestamp: 1000 + offset,
});

const logFile = () => path.join(dir, "groups.jsonl");

describe("OffsetStore", () => {
  it("keeps offsets and group metadata across a reopen", () => {
    const store = OffsetStore.open({ dir });
    store.commit("g1", [entry("t", 0, 5, "m"), entry("t", 1, 7)]);
    store.commit("g1", [{ ...entry("t", 0, 9), leaderEpoch: 3 }]);
    store.commit("g2", [entry("u", 0, 1)]);
    store.saveGroup({ groupId: "g1", protocolType: "consumer", generationId: 4, leader: "m-1", protocol: "range" });
    store.close();

    const again = OffsetStore.open({ dir });
    expect(again.get("g1", "t", 0)).toEqual({ offset: 9, leaderEpoch: 3, metadata: "", commitTimestamp: 1009 });
    expect(again.get("g1", "t", 1)?.offset).toBe(7);
    expect(again.get("g2", "u", 0)?.offset).toBe(1);
    expect(again.get("g2", "u", 1)).toBeUndefined();
    expect(again.loadGroup("g1")).toEqual({ groupId: "g1", protocolType: "consumer", generationId: 4, leader: "m-1", protocol: "range" });
    expect(again.groupIds().sort()).toEqual(["g1", "g2"]);
    expect(again.stats()).toMatchObject({ records: 5, live: 4 });
    again.close();
  });

  it("persists group deletion and topic deletion", () => {
    const store = OffsetStore.open({ dir });
    store.commit("g1", [entry("t", 0, 1), entry("gone", 0, 2)]);
    store.commit("g2", [entry("gone", 3, 4)]);
    store.saveGroup({ groupId: "g3", protocolType: null, generationId: 1, leader: null, protocol: null });
    expect(store.dropTopic("gone")).toBe(2);
    expect(store.deleteGroup("g3")).toBe(0);
    expect(store.deleteGroup("nope")).toBe(0);
    // A topic recreated after deletion starts fresh, and replay keeps the order of events.
    store.commit("g2", [entry("gone", 0, 8)]);
    store.close();

    const again = OffsetStore.open({ dir });
    expect(again.get("g1", "gone", 0)).toBeUndefined();
    expect(again.get("g1", "t", 0)?.offset).toBe(1);
    expect(again.get("g2", "gone", 3)).toBeUndefined();
    expect(again.get("g2", "gone", 0)?.offset).toBe(8);
    expect(again.loadGroup("g3")).toBeUndefined();
    expect(again.groupIds().sort()).toEqual(["g1", "g2"]);
    expect(again.deleteGroup("g1")).toBe(1);
    again.close();
    const third = OffsetStore.open({ dir });
    expect(third.groupIds()).toEqual(["g2"]);
    third.close();
  });

  it("rewrites the log when it grows past a few times its live size", () => {
    const store = OffsetStore.open({ dir, compactMinRecords: 20, compactRatio: 4 });
    for (let i = 0; i < 200; i++) store.commit("g", [entry("t", i % 3, i)]);
    const { records, live } = store.stats();
    expect(live).toBe(3);
    // Compaction keeps the log between the live size and ratio × live (or the minimum).
    expect(records).toBeLessThanOrEqual(20);
    expect(fs.readFileSync(logFile(), "utf8").trim().split("\n")).toHaveLength(records);
    expect(fs.existsSync(logFile() + ".tmp")).toBe(false);
    store.close();

    const again = OffsetStore.open({ dir });
    expect([0, 1, 2].map((p) => again.get("g", "t", p)?.offset)).toEqual([198, 199, 197]);
    again.close();
  });

  it("survives a torn last line and a leftover compaction file", () => {
    const store = OffsetStore.open({ dir });
    store.commit("g", [entry("t", 0, 1)]);
    store.close();
    fs.appendFileSync(logFile(), '{"k":"o","g":"g","t":"t","p":0,"o":2');
    fs.writeFileSync(logFile() + ".tmp", "half-written compaction");

    const again = OffsetStore.open({ dir });
    expect(again.get("g", "t", 0)?.offset).toBe(1);
    expect(fs.existsSync(logFile() + ".tmp")).toBe(false);
    // New records start on a fresh line after the torn one was cut off.
    again.commit("g", [entry("t", 0, 3)]);
    again.close();
    const third = OffsetStore.open({ dir });
    expect(third.get("g", "t", 0)?.offset).toBe(3);
    expect(third.stats().records).toBe(2);
    third.close();
  });

  it("skips unreadable lines in the middle of the log", () => {
    fs.writeFileSync(
      logFile(),
      [
        JSON.stringify({ k: "o", g: "g", t: "t", p: 0, o: 1, e: -1, m: "", ts: 1 }),
        "not json",
        JSON.stringify({ k: "o", g: "g", t: "t", p: 0, o: "x" }),
        JSON.stringify({ k: "o", g: "g", t: "t", p: 1, o: 4, e: -1, m: "", ts: 1 }),
      ].join("\n") + "\n",
    );
    const store = OffsetStore.open({ dir });
    expect(store.get("g", "t", 0)?.offset).toBe(1);
    expect(store.get("g", "t", 1)?.offset).toBe(4);
    store.close();
  });
});
