import { ConnectError, type OffsetStorageReader, type SourceOffset, type SourcePartition } from "../api";
import { offsetKey, parseOffsetValue, type OffsetStore } from "./offset-store";

/**
 * Kafka's OffsetStorageReaderImpl: what a source task (or connector) reads to resume where it
 * stopped. Reads committed offsets of one connector from the store.
 */
export class OffsetStorageReaderImpl implements OffsetStorageReader {
  readonly #store: OffsetStore;
  readonly #namespace: string;
  #closed = false;

  constructor(store: OffsetStore, namespace: string) {
    this.#store = store;
    this.#namespace = namespace;
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    const offsets = await this.offsets([partition]);
    return offsets.get(partition) ?? null;
  }

  /** Offsets keyed by the given partition objects (null where none is stored). */
  async offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    if (this.#closed) throw new ConnectError("Offset reader is closed. This may happen if the task has been cancelled or stopped.");
    const values = await this.#store.get(partitions.map((p) => offsetKey(this.#namespace, p)));
    const out = new Map<SourcePartition, SourceOffset | null>();
    partitions.forEach((partition, i) => {
      out.set(partition, parseOffsetValue(values[i] ?? null));
    });
    return out;
  }

  /** Further reads fail (a cancelled task must not read offsets any more). */
  close(): void {
    this.#closed = true;
  }
}
