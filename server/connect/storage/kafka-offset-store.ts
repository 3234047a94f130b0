import { KafkaBasedLog } from "../distributed/kafka-based-log";
import type { SourcePartition } from "../api";
import type { Logger } from "../runtime/loggers";
import { MemoryOffsetStore } from "./memory-offset-store";
import type { OffsetEntry } from "./offset-store";

/**
 * Source offsets in the compacted `offset.storage.topic` (Kafka's KafkaOffsetBackingStore): the
 * record key is `["<connector>",{partition}]` and the value `{offset}` (null = reset), exactly the
 * bytes the memory and file stores keep. Every worker reads the whole topic into memory and keeps
 * following it; `get` first reads to the end, so a task that moved from another worker starts from
 * the newest committed offset.
 */
export interface KafkaOffsetStoreOptions {
  topic: string;
  bootstrapServers: readonly string[];
  clientId: string;
  logger: Logger;
}

export class KafkaOffsetStore extends MemoryOffsetStore {
  readonly #log: KafkaBasedLog;

  constructor(options: KafkaOffsetStoreOptions) {
    super();
    this.#log = new KafkaBasedLog({
      topic: options.topic,
      bootstrapServers: options.bootstrapServers,
      clientId: options.clientId,
      logger: options.logger,
      consume: (record) => {
        if (record.key) this.applyText(record.key.toString("utf8"), record.value);
      },
    });
  }

  override async start(): Promise<void> {
    await this.#log.start();
  }

  override async stop(): Promise<void> {
    await this.#log.stop();
  }

  override async get(keys: readonly Buffer[]): Promise<(Buffer | null)[]> {
    await this.#log.readToEnd();
    return super.get(keys);
  }

  override async set(entries: readonly OffsetEntry[]): Promise<void> {
    await this.#log.send(entries.map((e) => ({ key: e.key, value: e.value })));
    this.apply(entries);
  }

  override async connectorPartitions(connector: string): Promise<SourcePartition[]> {
    await this.#log.readToEnd();
    return super.connectorPartitions(connector);
  }
}
