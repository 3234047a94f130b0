import type { EachBatchPayload, KafkaMessage, Message, ProducerBatch, RecordMetadata as KafkaRecordMetadata } from "kafkajs";
import {
  CONNECT_VERSION,
  ConfigDef,
  ConnectError,
  RetriableError,
  Schema,
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type ConfigMap,
  type SinkRecord,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
  type TopicPartition,
} from "../api";
import type { ConnectorPlugin } from "../plugins/types";
import type { StatusListener } from "./status";
import { GroupNotEmptyError, type ClientFactory, type ConnectAdmin, type ConsumerClient, type GroupOffset, type ProducerClient, type TaskConsumer, type TaskProducer } from "./kafka-clients";

/**
 * Test-only connector plugins and Kafka client fakes for the runtime, herder and integration tests:
 * a source that emits N records (resuming from its committed offset), a sink that records what it
 * got (with a flush that can be held), and tasks that fail on purpose. Nothing here is registered
 * in a real worker.
 */

const def = () =>
  new ConfigDef()
    .define({ name: "topic", type: "STRING", defaultValue: "test-topic", importance: "HIGH", documentation: "Topic to write to." })
    .define({ name: "records", type: "INT", defaultValue: 10, importance: "LOW", documentation: "Records to emit." })
    .define({ name: "fail", type: "STRING", defaultValue: "", importance: "LOW", documentation: "start | poll | put | connector-start." });

/**
 * Emits `records` string records `value-<i>` with partition {source: <name>} and offset {position: i + 1}.
 * `big.every` N: every Nth value (i % N === N - 1) is padded to `big.bytes` (default 4096) characters.
 * `retriable.polls` N: the first N polls throw a RetriableError.
 */
export class CountingSourceTask extends SourceTask {
  static readonly className = "test.CountingSourceTask";
  /** Every record this class emitted, by connector name (tests read it). */
  static readonly emitted = new Map<string, string[]>();
  #name = "";
  #topic = "";
  #total = 0;
  #position = 0;
  #batch = 100;
  #fail = "";
  #bigEvery = 0;
  #bigBytes = 4096;
  #retriablePolls = 0;
  #partition: SourcePartition = {};

  version(): string {
    return CONNECT_VERSION;
  }

  async start(props: ConfigMap): Promise<void> {
    this.#bigEvery = Number(props["big.every"] ?? "0");
    this.#bigBytes = Number(props["big.bytes"] ?? "4096");
    this.#retriablePolls = Number(props["retriable.polls"] ?? "0");
    this.#name = props["name"] ?? "source";
    this.#topic = props["topic"] ?? "test-topic";
    this.#total = Number(props["records"] ?? "10");
    this.#batch = Number(props["batch"] ?? "100");
    this.#fail = props["fail"] ?? "";
    this.#partition = { source: this.#name };
    if (this.#fail === "start") throw new ConnectError("Task failed to start on purpose", { cause: new Error("the root cause") });
    const committed = await this.context.offsetStorageReader().offset(this.#partition);
    this.#position = typeof committed?.["position"] === "number" ? committed["position"] : 0;
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    if (this.#fail === "poll") throw new ConnectError("Poll failed on purpose", { cause: new TypeError("inner failure") });
    if (this.#retriablePolls > 0) {
      this.#retriablePolls--;
      throw new RetriableError("Poll failed for now");
    }
    if (this.#position >= this.#total) {
      await idle(signal);
      return null;
    }
    const out: SourceRecord[] = [];
    const emitted = CountingSourceTask.emitted.get(this.#name) ?? [];
    CountingSourceTask.emitted.set(this.#name, emitted);
    while (this.#position < this.#total && out.length < this.#batch) {
      const big = this.#bigEvery > 0 && this.#position % this.#bigEvery === this.#bigEvery - 1;
      const value = big ? `value-${this.#position}-`.padEnd(this.#bigBytes, "x") : `value-${this.#position}`;
      this.#position++;
      emitted.push(value);
      out.push(
        new SourceRecord({
          sourcePartition: this.#partition,
          sourceOffset: { position: this.#position } satisfies SourceOffset,
          topic: this.#topic,
          valueSchema: Schema.STRING_SCHEMA,
          value,
        }),
      );
    }
    return out;
  }

  stop(): void {}
}

export class CountingSourceConnector extends SourceConnector {
  #props: ConfigMap = {};
  version(): string {
    return CONNECT_VERSION;
  }
  config(): ConfigDef {
    return def();
  }
  start(props: ConfigMap): void {
    if (props["fail"] === "connector-start") throw new ConnectError("Connector failed to start on purpose");
    this.#props = props;
  }
  taskClass(): TaskClass<SourceTask> {
    return CountingSourceTask;
  }
  taskConfigs(maxTasks: number): ConfigMap[] {
    // One task owns the partition; `tasks.generated` simulates a connector ignoring maxTasks.
    const generated = this.#props["tasks.generated"];
    const tasks = generated === undefined ? Math.min(maxTasks, 1) : Number(generated);
    return Array.from({ length: tasks }, () => ({ ...this.#props }));
  }
  stop(): void {}
  override alterOffsets(_config: ConfigMap, offsets: Map<SourcePartition, SourceOffset | null>): boolean {
    for (const offset of offsets.values()) {
      if (offset !== null && !("position" in offset)) throw new ConnectError("Offset objects should either be null or contain the key 'position'");
    }
    return false;
  }
}

/** Records what it received, per connector; `holdFlush` makes preCommit wait until released. */
export class RecordingSinkTask extends SinkTask {
  static readonly className = "test.RecordingSinkTask";
  static readonly received = new Map<string, SinkRecord[]>();
  static readonly flushes = new Map<string, number>();
  static holdFlush: Promise<void> | null = null;
  /** Fail put() with a RetriableError this many times first (per task instance). */
  #retriable = 0;
  #name = "";
  #fail = "";
  opened: TopicPartition[] = [];

  version(): string {
    return CONNECT_VERSION;
  }
  start(props: ConfigMap): void {
    this.#name = props["name"] ?? "sink";
    this.#fail = props["fail"] ?? "";
    this.#retriable = Number(props["retriable.failures"] ?? "0");
    if (!RecordingSinkTask.received.has(this.#name)) RecordingSinkTask.received.set(this.#name, []);
  }
  override open(partitions: TopicPartition[]): void {
    this.opened.push(...partitions);
  }
  put(records: SinkRecord[]): void {
    if (records.length === 0) return;
    if (this.#fail === "put") throw new Error("put failed on purpose");
    if (this.#retriable > 0) {
      this.#retriable--;
      this.context.timeout(10);
      throw new RetriableError("try again later");
    }
    RecordingSinkTask.received.get(this.#name)?.push(...records);
  }
  override async flush(): Promise<void> {
    if (RecordingSinkTask.holdFlush) await RecordingSinkTask.holdFlush;
    RecordingSinkTask.flushes.set(this.#name, (RecordingSinkTask.flushes.get(this.#name) ?? 0) + 1);
  }
  stop(): void {}
}

export class RecordingSinkConnector extends SinkConnector {
  #props: ConfigMap = {};
  version(): string {
    return CONNECT_VERSION;
  }
  config(): ConfigDef {
    return def();
  }
  start(props: ConfigMap): void {
    this.#props = props;
  }
  taskClass(): TaskClass<SinkTask> {
    return RecordingSinkTask;
  }
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }
  stop(): void {}
}

/**
 * Kafka's ErrantRecordSinkConnector, narrowed: reports every record whose value contains
 * `errant.on` (default `errant`) through `context.errantRecordReporter()` and records the others.
 * `errant.await` false: the report's promise is not awaited (a task that fires and forgets).
 */
export class ErrantRecordSinkTask extends SinkTask {
  static readonly className = "test.ErrantRecordSinkTask";
  static readonly received = new Map<string, SinkRecord[]>();
  /** Whether the reporter was available, per connector. */
  static readonly reporterAvailable = new Map<string, boolean>();
  #name = "";
  #errantOn = "errant";
  #await = true;

  version(): string {
    return CONNECT_VERSION;
  }
  start(props: ConfigMap): void {
    this.#name = props["name"] ?? "errant-sink";
    this.#errantOn = props["errant.on"] ?? "errant";
    this.#await = (props["errant.await"] ?? "true") !== "false";
    if (!ErrantRecordSinkTask.received.has(this.#name)) ErrantRecordSinkTask.received.set(this.#name, []);
    ErrantRecordSinkTask.reporterAvailable.set(this.#name, this.context.errantRecordReporter() !== null);
  }
  async put(records: SinkRecord[]): Promise<void> {
    const reporter = this.context.errantRecordReporter();
    for (const record of records) {
      if (reporter && String(record.value).includes(this.#errantOn)) {
        const reported = reporter.report(record, new ConnectError(`Errant record: ${String(record.value)}`));
        if (this.#await) await reported;
        continue;
      }
      ErrantRecordSinkTask.received.get(this.#name)?.push(record);
    }
  }
  stop(): void {}
}

export class ErrantRecordSinkConnector extends SinkConnector {
  #props: ConfigMap = {};
  version(): string {
    return CONNECT_VERSION;
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: "errant.on", type: "STRING", defaultValue: "errant", importance: "LOW", documentation: "Report records whose value contains this." })
      .define({ name: "errant.await", type: "BOOLEAN", defaultValue: true, importance: "LOW", documentation: "Await each report." });
  }
  start(props: ConfigMap): void {
    this.#props = props;
  }
  taskClass(): TaskClass<SinkTask> {
    return ErrantRecordSinkTask;
  }
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }
  stop(): void {}
}

function idle(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    // A real source would wait for data; this one idles until paused/stopped or a short while passed.
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, 20);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export const countingSourcePlugin: ConnectorPlugin = {
  className: "test.CountingSourceConnector",
  types: ["source"],
  version: CONNECT_VERSION,
  create: () => new CountingSourceConnector(),
};

export const recordingSinkPlugin: ConnectorPlugin = {
  className: "test.RecordingSinkConnector",
  types: ["sink"],
  version: CONNECT_VERSION,
  create: () => new RecordingSinkConnector(),
};

export const errantRecordSinkPlugin: ConnectorPlugin = {
  className: "test.ErrantRecordSinkConnector",
  types: ["sink"],
  version: CONNECT_VERSION,
  create: () => new ErrantRecordSinkConnector(),
};

export const testConnectorPlugins = [countingSourcePlugin, recordingSinkPlugin];

// ---- Kafka client fakes --------------------------------------------------------------------------

/** What kafkajs rejects a send with when the broker refused it (a KafkaJSProtocolError has `type`). */
export class FakeBrokerError extends Error {
  override name = "KafkaJSProtocolError";
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A producer that acknowledges sends (optionally held by `gate`), assigning offsets per partition. */
export class FakeProducer implements TaskProducer {
  readonly sent: { topic: string; messages: Message[] }[][] = [];
  readonly nextOffsets = new Map<string, number>();
  gate: Promise<void> | null = null;
  failWith: Error | null = null;
  /** Refuses (as a broker does, with MESSAGE_TOO_LARGE) every send that holds a value it matches. */
  refuse: ((value: string) => boolean) | null = null;
  /** sendBatch calls, refused ones included. */
  attempts = 0;
  connected = false;

  async connect(): Promise<void> {
    this.connected = true;
  }
  async disconnect(): Promise<void> {
    this.connected = false;
  }
  async sendBatch(batch: ProducerBatch): Promise<KafkaRecordMetadata[]> {
    this.attempts++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const topicMessages = batch.topicMessages ?? [];
    const refuse = this.refuse;
    if (refuse && topicMessages.some((t) => t.messages.some((m) => refuse(String(m.value))))) {
      throw new FakeBrokerError("MESSAGE_TOO_LARGE", "The request included a message larger than the max message size the server will accept");
    }
    this.sent.push(topicMessages.map((t) => ({ topic: t.topic, messages: [...t.messages] })));
    const out: KafkaRecordMetadata[] = [];
    for (const { topic, messages } of topicMessages) {
      const counts = new Map<number, number>();
      for (const m of messages) {
        m.partition ??= 0;
        counts.set(m.partition, (counts.get(m.partition) ?? 0) + 1);
      }
      for (const [partition, count] of counts) {
        const key = `${topic}-${partition}`;
        const base = this.nextOffsets.get(key) ?? 0;
        this.nextOffsets.set(key, base + count);
        out.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base) });
      }
    }
    return out;
  }
  /** Every message value sent, as text. */
  values(): string[] {
    return this.sent.flatMap((batch) => batch.flatMap((t) => t.messages.map((m) => String(m.value))));
  }
}

type Listener = (event: { payload: Record<string, unknown> }) => void;

/** A consumer whose batches are pushed by the test (`deliver`), recording commits, pauses and seeks. */
export class FakeConsumer {
  readonly commits: { topic: string; partition: number; offset: string }[][] = [];
  readonly seeks: { topic: string; partition: number; offset: string }[] = [];
  readonly paused: { topic: string; partitions?: number[] }[][] = [];
  readonly resumed: { topic: string; partitions?: number[] }[][] = [];
  subscribed: unknown[] = [];
  readonly events = { GROUP_JOIN: "consumer.group_join", CRASH: "consumer.crash" } as const;
  #listeners = new Map<string, Listener[]>();
  #eachBatch: ((payload: EachBatchPayload) => Promise<void>) | null = null;
  /** Batches being processed: disconnect() waits for them, as kafkajs' runner does. */
  readonly #inBatch = new Set<Promise<void>>();
  resolved: string[] = [];
  running = false;

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {
    this.running = false;
    await Promise.all([...this.#inBatch]);
  }
  async subscribe(options: { topics: unknown[] }): Promise<void> {
    this.subscribed = options.topics;
  }
  async run(options: { eachBatch?: (payload: EachBatchPayload) => Promise<void> }): Promise<void> {
    this.#eachBatch = options.eachBatch ?? null;
    this.running = true;
  }
  async stop(): Promise<void> {
    this.running = false;
  }
  async commitOffsets(offsets: { topic: string; partition: number; offset: string }[]): Promise<void> {
    this.commits.push(offsets);
  }
  pause(topics: { topic: string; partitions?: number[] }[]): void {
    this.paused.push(topics);
  }
  resume(topics: { topic: string; partitions?: number[] }[]): void {
    this.resumed.push(topics);
  }
  seek(entry: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(entry);
  }
  on(event: string, listener: Listener): () => void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return () => {};
  }
  /** Simulates a group join with this assignment. */
  assign(assignment: Record<string, number[]>): void {
    for (const listener of this.#listeners.get(this.events.GROUP_JOIN) ?? []) listener({ payload: { memberAssignment: assignment } });
  }
  /** Hands a batch of string values (offsets from `firstOffset`) to the task, as kafkajs' runner does. */
  async deliver(topic: string, partition: number, firstOffset: number, values: (string | null)[]): Promise<void> {
    if (!this.#eachBatch) throw new Error("consumer is not running");
    const messages: KafkaMessage[] = values.map((v, i) => ({
      key: null,
      value: v === null ? null : Buffer.from(v),
      timestamp: "1700000000000",
      attributes: 0,
      offset: String(firstOffset + i),
      headers: {},
    }));
    const lastOffset = String(firstOffset + values.length - 1);
    const processing = this.#eachBatch({
      batch: {
        topic,
        partition,
        highWatermark: String(firstOffset + values.length),
        messages,
        isEmpty: () => messages.length === 0,
        firstOffset: () => String(firstOffset),
        lastOffset: () => lastOffset,
        offsetLag: () => "0",
        offsetLagLow: () => "0",
      },
      resolveOffset: (offset: string) => {
        this.resolved.push(`${topic}-${partition}@${offset}`);
      },
      heartbeat: async () => {},
      pause: () => () => {},
      commitOffsetsIfNecessary: async () => {},
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => this.running,
      isStale: () => false,
    });
    this.#inBatch.add(processing);
    try {
      await processing;
    } finally {
      this.#inBatch.delete(processing);
    }
  }
}

export class FakeAdmin {
  readonly groupOffsets = new Map<string, Map<string, number>>();
  topics: string[] = [];
  clusterId = "fake-cluster";
  activeGroups = new Set<string>();
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async listTopics(): Promise<string[]> {
    return this.topics;
  }
  async describeCluster() {
    return { brokers: [], controller: null, clusterId: this.clusterId };
  }
  async fetchOffsets({ groupId, topics }: { groupId: string; topics?: string[] }) {
    const group = this.groupOffsets.get(groupId) ?? new Map<string, number>();
    return (topics ?? []).map((topic) => ({
      topic,
      partitions: [...group]
        .filter(([key]) => key.startsWith(`${topic}:`))
        .map(([key, offset]) => ({ partition: Number(key.slice(topic.length + 1)), offset: String(offset), metadata: null })),
    }));
  }
  async commit(groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    if (this.activeGroups.has(groupId)) throw new GroupNotEmptyError("The consumer group must have no running instances, current state: Stable");
    const group = this.groupOffsets.get(groupId) ?? new Map<string, number>();
    for (const { topic, partition, offset } of offsets) group.set(`${topic}:${partition}`, offset);
    this.groupOffsets.set(groupId, group);
  }
  async deleteGroups(groupIds: string[]) {
    for (const id of groupIds) {
      if (this.activeGroups.has(id)) throw Object.assign(new Error("Error in DeleteGroups"), { groups: [{ groupId: id, errorCode: 68, error: { type: "NON_EMPTY_GROUP" } }] });
      this.groupOffsets.delete(id);
    }
    return groupIds.map((groupId) => ({ groupId }));
  }
}

/** Clients that never touch a network; the latest producer/consumer of each client id is kept. */
export class FakeClients implements ClientFactory {
  readonly producers = new Map<string, FakeProducer>();
  readonly consumers = new Map<string, FakeConsumer>();
  readonly configs = new Map<string, Readonly<Record<string, string>>>();
  readonly fakeAdmin = new FakeAdmin();

  producer(configs: Readonly<Record<string, string>>): ProducerClient {
    const producer = new FakeProducer();
    const id = configs["client.id"] ?? "producer";
    this.producers.set(id, producer);
    this.configs.set(id, configs);
    return { producer, acks: -1, timeout: undefined, compression: 0 };
  }
  consumer(configs: Readonly<Record<string, string>>): ConsumerClient {
    const consumer = new FakeConsumer();
    const id = configs["client.id"] ?? "consumer";
    this.consumers.set(id, consumer);
    this.configs.set(id, configs);
    return { consumer: consumer as unknown as TaskConsumer, fromBeginning: true, maxPollRecords: undefined, restartOnFailure: () => true };
  }
  admin(): ConnectAdmin {
    return this.fakeAdmin as unknown as ConnectAdmin;
  }
  commitGroupOffsets(_configs: Readonly<Record<string, string>>, groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    return this.fakeAdmin.commit(groupId, offsets);
  }
}

/** A task status listener that records what a worker task reported, for assertions. */
export class StatusRecorder implements StatusListener {
  readonly task: { state: string; error?: unknown }[] = [];
  readonly topics: string[] = [];
  onConnectorStatus(): void {}
  onTaskStatus(_id: unknown, state: string, error?: unknown): void {
    this.task.push({ state, error });
  }
  onTopicActive(_c: string, topic: string): void {
    this.topics.push(topic);
  }
  get last(): string | undefined {
    return this.task.at(-1)?.state;
  }
}
