import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, properties, spawnFerry, type FerryProcess } from "./ferry-process";

/** A distributed worker's group and internal topics `<topicPrefix>-configs|-offsets|-status`, one replica each (one broker). */
export function clusterProps(groupId: string, topicPrefix: string): Record<string, string> {
  return {
    "group.id": groupId,
    "config.storage.topic": `${topicPrefix}-configs`,
    "offset.storage.topic": `${topicPrefix}-offsets`,
    "status.storage.topic": `${topicPrefix}-status`,
    "config.storage.replication.factor": "1",
    "offset.storage.replication.factor": "1",
    "status.storage.replication.factor": "1",
  };
}

/**
 * Worker properties of a cluster whose workers run in the test's process: the REST API on a free
 * port, quick membership and offset flushes, and a long `scheduled.rebalance.max.delay.ms` (a clean
 * shutdown must hand work over without waiting for it).
 */
export function inProcessWorkerProps(bootstrap: string, { groupId, topicPrefix, converter }: { groupId: string; topicPrefix: string; converter: string }): Record<string, string> {
  return {
    "bootstrap.servers": bootstrap,
    listeners: "http://127.0.0.1:0",
    "key.converter": converter,
    "value.converter": converter,
    ...clusterProps(groupId, topicPrefix),
    "offset.storage.partitions": "3",
    "status.storage.partitions": "2",
    "offset.flush.interval.ms": "500",
    "session.timeout.ms": "4000",
    "heartbeat.interval.ms": "300",
    "rebalance.timeout.ms": "8000",
    "scheduled.rebalance.max.delay.ms": "60000",
  };
}

export interface DistributedWorkerProcess {
  process: FerryProcess;
  port: number;
  url: string;
  /** The id the cluster knows it by (its advertised REST address). */
  workerId: string;
}

/**
 * Starts `ferry distributed` in `dir` (created) against `bootstrap`: the REST API on 127.0.0.1:`port`
 * (a free port by default), advertised as such, String converters; `props` on top. Resolves once the
 * REST API listens; a worker that does not get there is killed.
 */
export async function spawnDistributedWorker(
  dir: string,
  bootstrap: string,
  props: Readonly<Record<string, string>>,
  { port, env, timeoutMs = 30_000 }: { port?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<DistributedWorkerProcess> {
  mkdirSync(dir, { recursive: true });
  const restPort = port ?? (await freePort());
  writeFileSync(
    join(dir, "worker.properties"),
    properties({
      "bootstrap.servers": bootstrap,
      listeners: `http://127.0.0.1:${restPort}`,
      "rest.advertised.host.name": "127.0.0.1",
      "key.converter": "org.apache.kafka.connect.storage.StringConverter",
      "value.converter": "org.apache.kafka.connect.storage.StringConverter",
      ...props,
    }),
  );
  const proc = spawnFerry(["distributed", "worker.properties"], { cwd: dir, env });
  try {
    await proc.waitForStdout(/REST API listening on/, timeoutMs);
  } catch (e) {
    await proc.kill();
    throw e;
  }
  return { process: proc, port: restPort, url: `http://127.0.0.1:${restPort}`, workerId: `127.0.0.1:${restPort}` };
}
