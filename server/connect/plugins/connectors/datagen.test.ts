import { describe, expect, it } from "vitest";
import type { SourceOffset, SourceTaskContext, Struct } from "../../api";
import { DatagenConnector, DatagenTask, datagenPlugin } from "./datagen";
import { QUICKSTART_NAMES, QUICKSTARTS } from "./datagen-quickstarts";

function context(offset: SourceOffset | null = null): SourceTaskContext {
  return { configs: () => ({}), offsetStorageReader: () => ({ offset: async () => offset, offsets: async () => new Map() }) };
}

async function startTask(props: Record<string, string>, offset: SourceOffset | null = null): Promise<DatagenTask> {
  const task = new DatagenTask();
  task.initialize(context(offset));
  await task.start({ "kafka.topic": "t", "max.interval": "0", ...props });
  return task;
}

const never = new AbortController().signal;

describe("Datagen", () => {
  it("validates its config, including the key field against the data set", async () => {
    const errors = async (props: Record<string, string>) => (await new DatagenConnector().validate(props)).flatMap((v) => v.errorMessages);
    expect(await errors({})).toEqual([
      'Missing required configuration "kafka.topic" which has no default value.',
      'Missing required configuration "quickstart" which has no default value.',
      // As Kafka's ConfigDef: the validator sees the missing value too.
      "Invalid value null for configuration quickstart: String must be one of: users, orders, pageviews, clickstream",
    ]);
    expect(await errors({ "kafka.topic": "t", quickstart: "weather" })).toEqual([
      "Invalid value weather for configuration quickstart: String must be one of: users, orders, pageviews, clickstream",
    ]);
    expect(await errors({ "kafka.topic": "t", quickstart: "users", "schema.keyfield": "orderid" })).toEqual([
      "Field orderid is not in the users schema (registertime, userid, regionid, gender)",
    ]);
    expect(await errors({ "kafka.topic": "t", quickstart: "users", "schema.keyfield": "regionid", "random.seed": "7" })).toEqual([]);
  });

  it("generates valid structs of every quickstart, keyed by its key field", async () => {
    for (const name of QUICKSTART_NAMES) {
      const task = await startTask({ quickstart: name, "random.seed": "1", iterations: "50" });
      const records = (await task.poll(never)) ?? [];
      expect(records).toHaveLength(50);
      for (const r of records) {
        (r.value as Struct).validate();
        expect(r.valueSchema?.name()).toBe(`ksql.${name}`);
        expect(r.key).toEqual((r.value as Struct).get(QUICKSTARTS[name].keyField));
      }
    }
  });

  it("is reproducible with a seed, differs between tasks and seeds, and resumes the same sequence", async () => {
    const values = async (props: Record<string, string>, offset: SourceOffset | null = null) =>
      ((await (await startTask({ quickstart: "users", iterations: "20", ...props }, offset)).poll(never)) ?? []).map((r) => String(r.value));
    const a = await values({ "random.seed": "42" });
    expect(await values({ "random.seed": "42" })).toEqual(a);
    expect(await values({ "random.seed": "43" })).not.toEqual(a);
    expect(await values({ "random.seed": "42", "datagen.task.index": "1" })).not.toEqual(a);
    // Restarted after 12 records: the rest of the very same sequence.
    expect(await values({ "random.seed": "42" }, { iteration: 12 })).toEqual(a.slice(12));
  });

  it("stops at iterations, with task partitions and iteration offsets", async () => {
    const task = await startTask({ quickstart: "pageviews", iterations: "3", "random.seed": "5" });
    const records = (await task.poll(never)) ?? [];
    expect(records.map((r) => [r.sourcePartition, r.sourceOffset])).toEqual([
      [{ task: 0 }, { iteration: 1 }],
      [{ task: 0 }, { iteration: 2 }],
      [{ task: 0 }, { iteration: 3 }],
    ]);
    const controller = new AbortController();
    const idle = task.poll(controller.signal);
    controller.abort();
    expect(await idle).toBeNull();
  });

  it("waits up to max.interval before each record", async () => {
    const task = await startTask({ quickstart: "users", "max.interval": "20", "random.seed": "1" });
    expect(await task.poll(never)).toHaveLength(1);
  });

  it("gives every task the seed chosen at connector start", () => {
    const connector = datagenPlugin.create();
    connector.start({ "kafka.topic": "t", quickstart: "orders" });
    const configs = connector.taskConfigs(3);
    expect(configs.map((c) => c["datagen.task.index"])).toEqual(["0", "1", "2"]);
    expect(new Set(configs.map((c) => c["random.seed"])).size).toBe(1);
    expect(configs[0]?.["random.seed"]).toMatch(/^\d+$/);
  });
});
