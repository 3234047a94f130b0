import type { SourcePartition } from "../api";
import { parseOffsetKey, type OffsetEntry, type OffsetStore } from "./offset-store";

/**
 * Offsets in memory (Kafka's MemoryOffsetBackingStore). The base of the file store, which only adds
 * a `save` hook; keys are compared by their bytes (as UTF-8 text, which Connect keys always are).
 */
export class MemoryOffsetStore implements OffsetStore {
  protected readonly data = new Map<string, Buffer>();
  /** connector → (key text → partition), for `connectorPartitions`. */
  readonly #partitions = new Map<string, Map<string, SourcePartition | null>>();

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async get(keys: readonly Buffer[]): Promise<(Buffer | null)[]> {
    return keys.map((key) => this.data.get(key.toString("utf8")) ?? null);
  }

  async set(entries: readonly OffsetEntry[]): Promise<void> {
    this.apply(entries);
    await this.save();
  }

  async connectorPartitions(connector: string): Promise<SourcePartition[]> {
    const partitions = this.#partitions.get(connector);
    return partitions ? [...partitions.values()].filter((p): p is SourcePartition => p !== null) : [];
  }

  /** Applies entries in memory without saving (also used when loading a file). */
  protected apply(entries: Iterable<OffsetEntry>): void {
    for (const { key, value } of entries) this.applyText(key.toString("utf8"), value);
  }

  protected applyText(key: string, value: Buffer | null): void {
    const parsed = parseOffsetKey(key);
    if (value === null) {
      this.data.delete(key);
      if (parsed) {
        const partitions = this.#partitions.get(parsed.connector);
        partitions?.delete(key);
        if (partitions?.size === 0) this.#partitions.delete(parsed.connector);
      }
      return;
    }
    this.data.set(key, value);
    if (parsed) {
      let partitions = this.#partitions.get(parsed.connector);
      if (!partitions) this.#partitions.set(parsed.connector, (partitions = new Map()));
      partitions.set(key, parsed.partition);
    }
  }

  /** Persists the current contents; nothing to do in memory. */
  protected async save(): Promise<void> {}
}
