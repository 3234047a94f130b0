import { describe, expect, it } from "vitest";
import { createPluginRegistry } from "../plugins/registry";
import { parseWorkerConfig, WorkerConfigError } from "../worker-config";
import { createDistributedHerder } from "./distributed-herder";

/** The inter.worker.* settings (signed requests between workers) are checked when the herder is made. */
const base = {
  "bootstrap.servers": "127.0.0.1:1",
  "key.converter": "org.apache.kafka.connect.json.JsonConverter",
  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
  "group.id": "g",
  "config.storage.topic": "c",
  "offset.storage.topic": "o",
  "status.storage.topic": "s",
};

function make(overrides: Record<string, string>) {
  return () => createDistributedHerder({ config: parseWorkerConfig({ ...base, ...overrides }), plugins: createPluginRegistry(), workerId: "127.0.0.1:8083" });
}

describe("inter.worker.* settings", () => {
  it("defaults to Kafka's: HmacSHA256 keys living one hour", () => {
    const values = parseWorkerConfig(base).values;
    expect(values["inter.worker.key.generation.algorithm"]).toBe("HmacSHA256");
    expect(values["inter.worker.key.size"]).toBeUndefined();
    expect(values["inter.worker.key.ttl.ms"]).toBe(3_600_000);
    expect(values["inter.worker.signature.algorithm"]).toBe("HmacSHA256");
    expect(values["inter.worker.verification.algorithms"]).toEqual(["HmacSHA256"]);
    expect(make({})).not.toThrow();
  });

  it("refuses algorithms that are not available, and a signature algorithm that verification does not accept", () => {
    expect(make({ "inter.worker.key.generation.algorithm": "HmacMD2" })).toThrow(WorkerConfigError);
    expect(make({ "inter.worker.signature.algorithm": "Nope" })).toThrow("Algorithm Nope not available");
    expect(make({ "inter.worker.verification.algorithms": "HmacSHA256,Nope" })).toThrow("inter.worker.verification.algorithms");
    expect(make({ "inter.worker.signature.algorithm": "HmacSHA512" })).toThrow("must be present in the list of permitted key verification algorithms");
    expect(make({ "inter.worker.signature.algorithm": "HmacSHA512", "inter.worker.verification.algorithms": "HmacSHA256, HmacSHA512" })).not.toThrow();
    expect(() => parseWorkerConfig({ ...base, "inter.worker.key.ttl.ms": "10" })).toThrow(WorkerConfigError);
  });
});
