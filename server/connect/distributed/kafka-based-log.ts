import { Kafka, Partitioners, logLevel, type Producer } from "kafkajs";
import type { Logger } from "../runtime/loggers";
import { KafkaProtocolClient, type FetchedRecord } from "./kafka-protocol";

/**
 * A compacted topic read as a log (Kafka's KafkaBasedLog): every record is handed to `consume` in
 * offset order, from the beginning, by a background reader without a consumer group; `readToEnd`
 * resolves once everything written before the call has been consumed; `send` produces with
 * acks=all and resolves when the record is durable.
 */
export interface KafkaBasedLogOptions {
  topic: string;
  bootstrapServers: readonly string[];
  clientId: string;
  consume: (record: FetchedRecord, partition: number) => void;
  logger: Logger;
  /** How long one background fetch waits for new records (default 500 ms). */
  pollWaitMs?: number;
}

interface EndWaiter {
  ends: Map<number, bigint>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class KafkaBasedLog {
  readonly topic: string;
  readonly #options: KafkaBasedLogOptions;
  readonly #client: KafkaProtocolClient;
  readonly #producer: Producer;
  readonly #positions = new Map<number, bigint>();
  #waiters: EndWaiter[] = [];
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: KafkaBasedLogOptions) {
    this.topic = options.topic;
    this.#options = options;
    const brokers = options.bootstrapServers.map((b) => b.replace(/^[A-Za-z_]+:\/\//, ""));
    this.#client = new KafkaProtocolClient({ brokers, clientId: options.clientId });
    this.#producer = new Kafka({ clientId: `${options.clientId}-producer`, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 1,
      idempotent: false,
      allowAutoTopicCreation: false,
    });
  }

  /** Connects, then reads the whole topic before resolving. */
  async start(): Promise<void> {
    await this.#client.connect();
    await this.#producer.connect();
    const partitions = await this.#client.partitions(this.topic);
    if (partitions.length === 0) throw new Error(`Topic ${this.topic} does not exist`);
    for (const p of partitions) this.#positions.set(p, 0n);
    this.#running = true;
    this.#loop = this.#run();
    await this.readToEnd();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    await this.#loop?.catch(() => {});
    for (const waiter of this.#waiters) waiter.reject(new Error(`The log of ${this.topic} was stopped`));
    this.#waiters = [];
    await this.#producer.disconnect().catch(() => {});
    await this.#client.disconnect().catch(() => {});
  }

  /** Resolves once every record written before this call has been consumed. */
  async readToEnd(): Promise<void> {
    if (!this.#running) throw new Error(`The log of ${this.topic} is not running`);
    const ends = await this.#client.endOffsets(this.topic, [...this.#positions.keys()]);
    if (this.#reached(ends)) return;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ ends, resolve, reject });
      this.#wake?.();
    });
  }

  /** Produces records (acks=all); resolves once they are written. */
  async send(records: readonly { key: string | Buffer; value: string | Buffer | null }[]): Promise<void> {
    if (records.length === 0) return;
    await this.#producer.send({ topic: this.topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value })) });
  }

  #reached(ends: ReadonlyMap<number, bigint>): boolean {
    for (const [partition, end] of ends) if ((this.#positions.get(partition) ?? 0n) < end) return false;
    return true;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#running) {
      try {
        // Long-poll only when nobody waits for the end: then new data is expected at once.
        const wait = this.#waiters.length > 0 ? 0 : (this.#options.pollWaitMs ?? 500);
        const fetched = await this.#client.fetch(this.topic, this.#positions, wait);
        failures = 0;
        let any = false;
        for (const [partition, records] of fetched) {
          for (const record of records) {
            this.#positions.set(partition, record.offset + 1n);
            any = true;
            try {
              this.#options.consume(record, partition);
            } catch (err) {
              this.#options.logger.error(`Failed to apply a record of ${this.topic} at offset ${record.offset}`, err);
            }
          }
        }
        this.#settleWaiters();
        if (!any && this.#waiters.length > 0) {
          // Compacted or aborted ranges leave gaps: the end offset may lie beyond the last record.
          await this.#skipToEndIfEmpty();
        }
      } catch (err) {
        if (!this.#running) return;
        failures += 1;
        this.#options.logger.warn(`Reading ${this.topic} failed (attempt ${failures}); retrying`, err);
        await this.#client.refreshMetadata().catch(() => {});
        await this.#sleep(Math.min(2000, 100 * 2 ** Math.min(failures, 5)));
      }
    }
  }

  async #skipToEndIfEmpty(): Promise<void> {
    const ends = await this.#client.endOffsets(this.topic, [...this.#positions.keys()]);
    const fetched = await this.#client.fetch(this.topic, this.#positions, 0);
    for (const [partition, end] of ends) {
      const records = fetched.get(partition) ?? [];
      const position = this.#positions.get(partition) ?? 0n;
      if (records.length === 0 && position < end) {
        // Nothing readable between the position and the end: the range was compacted away.
        this.#positions.set(partition, end);
      } else {
        for (const record of records) {
          this.#positions.set(partition, record.offset + 1n);
          this.#options.consume(record, partition);
        }
      }
    }
    this.#settleWaiters();
  }

  #settleWaiters(): void {
    if (this.#waiters.length === 0) return;
    const pending: EndWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (this.#reached(waiter.ends)) waiter.resolve();
      else pending.push(waiter);
    }
    this.#waiters = pending;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
