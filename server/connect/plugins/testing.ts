import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { startBroker, type Broker } from "../../broker/broker";
import { silentLogger } from "../../broker/util/logger";
import { startWorker, type WorkerRuntime } from "../../cli/worker-runtime";
import { Loggers } from "../runtime/loggers";
import type { PluginLoadFailure } from "./loader";

/**
 * `ferry/testing`: what a plugin's own tests need to run it for real. startEmbeddedConnect starts
 * an embedded broker and a standalone worker (JSON converters, REST on a free port) in this
 * process, loading the plugins of `pluginPath` exactly as a worker with `plugin.path` does; the
 * helpers then create connectors over the REST API and read what reached a topic.
 */

export interface EmbeddedConnectOptions {
  /** plugin.path entries: the plugin package folder(s) under test. */
  pluginPath: readonly string[];
  /** Extra or overriding worker properties. */
  workerProps?: Readonly<Record<string, string>>;
  /** Print the worker's log (default: only warnings and errors). */
  verbose?: boolean;
}

export interface TopicRecord {
  key: string | null;
  value: string | null;
  partition: number;
  offset: number;
  headers: Record<string, string>;
}

export interface RestReply<T = unknown> {
  status: number;
  body: T;
}

export interface EmbeddedConnect {
  /** The worker's REST API, e.g. http://127.0.0.1:41234 */
  readonly restUrl: string;
  /** The embedded broker's address for Kafka clients. */
  readonly bootstrapServers: string;
  /** plugin.path entries that failed to load (empty when all loaded). */
  readonly pluginFailures: readonly PluginLoadFailure[];
  /** One REST call with a JSON body; the reply's JSON body is parsed. */
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestReply<T>>;
  /** Produces records to `topic` (created on first use), e.g. to feed a sink connector. */
  produce(topic: string, records: readonly { key?: string | null; value: string | null; headers?: Record<string, string> }[]): Promise<void>;
  /** Waits until `topic` holds at least `count` records and returns them (all partitions, in offset order). */
  waitForRecords(topic: string, count: number, options?: { timeoutMs?: number }): Promise<TopicRecord[]>;
  /** Waits until the connector and its tasks are RUNNING; throws with the trace when one FAILED. */
  waitForRunning(connector: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Stops the worker and the broker and removes their data. */
  stop(): Promise<void>;
}

interface StatusBody {
  connector?: { state: string; trace?: string };
  tasks?: { id: number; state: string; trace?: string }[];
}

export async function startEmbeddedConnect(options: EmbeddedConnectOptions): Promise<EmbeddedConnect> {
  const dir = mkdtempSync(join(tmpdir(), "ferry-plugin-test-"));
  let broker: Broker | undefined;
  let worker: WorkerRuntime | undefined;
  try {
    broker = await startBroker({ port: 0, dataDir: join(dir, "broker"), initialRebalanceDelayMs: 50, logger: silentLogger });
    const bootstrapServers = broker.bootstrapServers;
    worker = await startWorker({
      workerProps: {
        "bootstrap.servers": bootstrapServers,
        listeners: "http://127.0.0.1:0",
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "offset.storage.file.filename": join(dir, "connect.offsets"),
        "offset.flush.interval.ms": "500",
        "plugin.path": options.pluginPath.join(","),
        ...options.workerProps,
      },
      loggers: new Loggers({ rootLevel: options.verbose ? "INFO" : "WARN" }),
      env: {},
    });
    worker.markReady();
    const restUrl = worker.urls[0] as string;
    const running = worker;
    const runningBroker = broker;

    const rest = async <T>(method: string, path: string, body?: unknown): Promise<RestReply<T>> => {
      const response = await fetch(restUrl + path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
    };

    return {
      restUrl,
      bootstrapServers,
      pluginFailures: worker.pluginFailures,
      rest,
      async produce(topic, records) {
        const producer = new Kafka({ clientId: "ferry-plugin-test", brokers: [bootstrapServers], logLevel: logLevel.NOTHING }).producer();
        await producer.connect();
        try {
          await producer.send({ topic, messages: records.map((r) => ({ key: r.key ?? null, value: r.value, headers: r.headers })) });
        } finally {
          await producer.disconnect();
        }
      },
      async waitForRecords(topic, count, { timeoutMs = 20_000 } = {}) {
        const kafka = new Kafka({ clientId: "ferry-plugin-test", brokers: [bootstrapServers], logLevel: logLevel.NOTHING });
        const records: TopicRecord[] = [];
        const consumer = kafka.consumer({ groupId: `ferry-plugin-test-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
        await consumer.connect();
        try {
          await consumer.subscribe({ topics: [topic], fromBeginning: true });
          let done: () => void = () => {};
          const enough = new Promise<void>((resolve) => (done = resolve));
          await consumer.run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
              records.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, partition, offset: Number(message.offset), headers });
              if (records.length >= count) done();
            },
          });
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} records on ${topic} (got ${records.length})`)), timeoutMs);
          });
          await Promise.race([enough, timeout]).finally(() => clearTimeout(timer));
        } finally {
          await consumer.disconnect();
        }
        return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
      },
      async waitForRunning(connector, { timeoutMs = 20_000 } = {}) {
        const deadline = Date.now() + timeoutMs;
        let last = "no status yet";
        while (Date.now() < deadline) {
          const { status, body } = await rest<StatusBody>("GET", `/connectors/${encodeURIComponent(connector)}/status`);
          if (status === 200) {
            const failed = [body.connector, ...(body.tasks ?? [])].find((s) => s?.state === "FAILED");
            if (failed) throw new Error(`${connector} FAILED: ${failed.trace ?? ""}`);
            const tasks = body.tasks ?? [];
            if (body.connector?.state === "RUNNING" && tasks.length > 0 && tasks.every((t) => t.state === "RUNNING")) return;
            last = JSON.stringify(body);
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${connector} to run (last status: ${last})`);
      },
      async stop() {
        try {
          await running.stop();
        } finally {
          await runningBroker.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await worker?.stop().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
