import type { ConnectorState, ConnectorTaskId } from "../../../lib/connect/schemas";
import { KafkaBasedLog } from "../distributed/kafka-based-log";
import type { FetchedRecord } from "../distributed/kafka-protocol";
import type { Logger } from "../runtime/loggers";
import { MemoryStatusStore, type ConnectorStatusRecord, type StatusStore, type TaskStatusRecord, type TopicStatusRecord } from "./status-store";

/**
 * Statuses in the compacted `status.storage.topic` (Kafka's KafkaStatusBackingStore), with Kafka's
 * keys and values:
 *
 *   status-connector-<name>                 {"state":"RUNNING","trace":null,"worker_id":"host:port","generation":3}
 *   status-task-<name>-<n>                  same shape
 *   status-topic-<topic>:connector-<name>   {"topic":{"name":...,"connector":...,"task":0,"discoverTimestamp":...}}
 *
 * Reads come from the local view, which follows the topic. Writes of FAILED and UNASSIGNED are
 * "safe" (Kafka's putSafe): they are dropped when the current status was written by another worker
 * in a newer generation, so a worker that left the group cannot overwrite its successor's status.
 * Deletion is a tombstone.
 */
export interface KafkaStatusStoreOptions {
  topic: string;
  bootstrapServers: readonly string[];
  clientId: string;
  logger: Logger;
}

const STATES: readonly ConnectorState[] = ["UNASSIGNED", "RUNNING", "PAUSED", "FAILED", "RESTARTING", "STOPPED"];

export class KafkaStatusStore implements StatusStore {
  readonly #log: KafkaBasedLog;
  readonly #logger: Logger;
  readonly #view = new MemoryStatusStore();
  /** Writes go out in call order; each one is retried a few times before it is given up (logged). */
  #tail: Promise<void> = Promise.resolve();

  constructor(options: KafkaStatusStoreOptions) {
    this.#logger = options.logger;
    this.#log = new KafkaBasedLog({
      topic: options.topic,
      bootstrapServers: options.bootstrapServers,
      clientId: options.clientId,
      logger: options.logger,
      consume: (record) => this.#consume(record),
    });
  }

  async start(): Promise<void> {
    await this.#log.start();
  }

  /** Flushes pending writes, then stops following the topic. */
  async stop(): Promise<void> {
    await this.flush();
    await this.#log.stop();
  }

  /** Resolves when every status written so far is in the topic. */
  async flush(): Promise<void> {
    await this.#tail;
  }

  readToEnd(): Promise<void> {
    return this.#log.readToEnd();
  }

  putConnector(status: ConnectorStatusRecord): void {
    if (isSafeWrite(status.state) && !canWriteSafely(this.#view.getConnector(status.name), status)) return;
    this.#view.putConnector(status);
    this.#send(`status-connector-${status.name}`, statusValue(status));
  }

  getConnector(name: string): ConnectorStatusRecord | undefined {
    return this.#view.getConnector(name);
  }

  deleteConnector(name: string): void {
    this.#view.deleteConnector(name);
    this.#send(`status-connector-${name}`, null);
  }

  putTask(status: TaskStatusRecord): void {
    if (isSafeWrite(status.state) && !canWriteSafely(this.#view.getTask(status.id), status)) return;
    this.#view.putTask(status);
    this.#send(`status-task-${status.id.connector}-${status.id.task}`, statusValue(status));
  }

  getTask(id: ConnectorTaskId): TaskStatusRecord | undefined {
    return this.#view.getTask(id);
  }

  getAllTasks(connector: string): TaskStatusRecord[] {
    return this.#view.getAllTasks(connector);
  }

  deleteTask(id: ConnectorTaskId): void {
    this.#view.deleteTask(id);
    this.#send(`status-task-${id.connector}-${id.task}`, null);
  }

  putTopic(status: TopicStatusRecord): void {
    if (this.#view.getTopic(status.connector, status.topic)) return;
    this.#view.putTopic(status);
    this.#send(
      `status-topic-${status.topic}:connector-${status.connector}`,
      JSON.stringify({ topic: { name: status.topic, connector: status.connector, task: status.task, discoverTimestamp: status.discoverTimestamp } }),
    );
  }

  getTopic(connector: string, topic: string): TopicStatusRecord | undefined {
    return this.#view.getTopic(connector, topic);
  }

  getAllTopics(connector: string): TopicStatusRecord[] {
    return this.#view.getAllTopics(connector);
  }

  deleteTopic(connector: string, topic: string): void {
    this.#view.deleteTopic(connector, topic);
    this.#send(`status-topic-${topic}:connector-${connector}`, null);
  }

  connectors(): string[] {
    return this.#view.connectors();
  }

  #send(key: string, value: string | null): void {
    this.#tail = this.#tail.then(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.#log.send([{ key, value }]);
          return;
        } catch (err) {
          if (attempt >= 5) {
            this.#logger.error(`Failed to write status ${key} to the status topic`, err);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    });
  }

  #consume(record: FetchedRecord): void {
    const key = record.key?.toString("utf8");
    if (key === undefined) return;
    let value: Record<string, unknown> | null = null;
    if (record.value !== null) {
      try {
        value = JSON.parse(record.value.toString("utf8")) as Record<string, unknown>;
      } catch {
        this.#logger.error(`Ignoring record ${key} of the status topic: its value is not JSON`);
        return;
      }
    }
    if (key.startsWith("status-connector-")) {
      const name = key.slice("status-connector-".length);
      const parsed = value && parseStatus(value);
      if (parsed) this.#view.putConnector({ name, ...parsed });
      else if (value === null) this.#view.deleteConnector(name);
    } else if (key.startsWith("status-task-")) {
      const rest = key.slice("status-task-".length);
      const dash = rest.lastIndexOf("-");
      const task = Number(rest.slice(dash + 1));
      if (dash <= 0 || !Number.isInteger(task)) return;
      const id = { connector: rest.slice(0, dash), task };
      const parsed = value && parseStatus(value);
      if (parsed) this.#view.putTask({ id, ...parsed });
      else if (value === null) this.#view.deleteTask(id);
    } else if (key.startsWith("status-topic-")) {
      const rest = key.slice("status-topic-".length);
      const at = rest.lastIndexOf(":connector-");
      if (at < 0) return;
      const topic = rest.slice(0, at);
      const connector = rest.slice(at + ":connector-".length);
      if (value === null) {
        this.#view.deleteTopic(connector, topic);
        return;
      }
      const inner = value["topic"] as Record<string, unknown> | undefined;
      this.#view.putTopic({
        topic,
        connector,
        task: typeof inner?.["task"] === "number" ? inner["task"] : 0,
        discoverTimestamp: typeof inner?.["discoverTimestamp"] === "number" ? inner["discoverTimestamp"] : 0,
      });
    }
  }
}

function isSafeWrite(state: ConnectorState): boolean {
  return state === "FAILED" || state === "UNASSIGNED";
}

/** Kafka's putSafe rule: no status yet, the same worker, or a generation at least as new. */
function canWriteSafely(current: { workerId: string; generation: number } | undefined, next: { workerId: string; generation: number }): boolean {
  return current === undefined || current.workerId === next.workerId || current.generation <= next.generation;
}

function statusValue(status: { state: ConnectorState; trace?: string; workerId: string; generation: number }): string {
  return JSON.stringify({ state: status.state, trace: status.trace ?? null, worker_id: status.workerId, generation: status.generation });
}

function parseStatus(value: Record<string, unknown>): { state: ConnectorState; trace?: string; workerId: string; generation: number } | undefined {
  const state = STATES.find((s) => s === value["state"]);
  if (!state || typeof value["worker_id"] !== "string") return undefined;
  const trace = typeof value["trace"] === "string" && value["trace"] !== "" ? value["trace"] : undefined;
  const generation = typeof value["generation"] === "number" ? value["generation"] : 0;
  return trace ? { state, trace, workerId: value["worker_id"], generation } : { state, workerId: value["worker_id"], generation };
}
