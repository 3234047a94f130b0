import { IllegalWorkerStateError, type SourceOffset, type SourcePartition } from "../api";
import { offsetKeyText, offsetValue, validateOffsetFormat, type OffsetStore } from "./offset-store";

interface Pending {
  partition: SourcePartition | null;
  offset: SourceOffset | null;
}

/**
 * Kafka's OffsetStorageWriter: buffers the newest offset per source partition of one connector and
 * writes them in flushes. A flush is two steps so that new offsets can keep arriving while one is
 * written: `beginFlush()` snapshots the buffer, `doFlush()` writes the snapshot, and on failure
 * `cancelFlush()` puts the snapshot back under anything newer.
 */
export class OffsetStorageWriter {
  readonly #store: OffsetStore;
  readonly #namespace: string;
  #data = new Map<string, Pending>();
  #toFlush: Map<string, Pending> | null = null;
  #lastPartition: SourcePartition | null = null;
  #lastKey = "";

  constructor(store: OffsetStore, namespace: string) {
    this.#store = store;
    this.#namespace = namespace;
  }

  /**
   * Records the offset of a partition (called once per acknowledged record, so it avoids work: a
   * partition equal to the previous one reuses its serialized key).
   */
  offset(partition: SourcePartition | null, offset: SourceOffset | null): void {
    let key: string;
    if (partition !== null && this.#lastPartition !== null && (partition === this.#lastPartition || shallowEqual(partition, this.#lastPartition))) {
      key = this.#lastKey;
    } else {
      key = offsetKeyText(this.#namespace, partition);
      this.#lastPartition = partition;
      this.#lastKey = key;
    }
    this.#data.set(key, { partition, offset });
  }

  /** True when a flush was begun and not yet completed or cancelled. */
  flushing(): boolean {
    return this.#toFlush !== null;
  }

  /** Snapshots the buffered offsets for a flush; false when there is nothing to write. */
  beginFlush(): boolean {
    if (this.#toFlush !== null) throw new IllegalWorkerStateError("OffsetStorageWriter is already flushing");
    if (this.#data.size === 0) return false;
    this.#toFlush = this.#data;
    this.#data = new Map();
    return true;
  }

  /** Writes the snapshot; on failure the caller must `cancelFlush()`. Formats are checked first. */
  async doFlush(): Promise<void> {
    const toFlush = this.#toFlush;
    if (toFlush === null) return;
    const entries = [];
    for (const [key, { partition, offset }] of toFlush) {
      validateOffsetFormat(partition);
      validateOffsetFormat(offset);
      entries.push({ key: Buffer.from(key, "utf8"), value: offsetValue(offset) });
    }
    await this.#store.set(entries);
    if (this.#toFlush === toFlush) this.#toFlush = null;
  }

  /** Puts a failed flush's snapshot back; offsets recorded since then win. */
  cancelFlush(): void {
    const toFlush = this.#toFlush;
    if (toFlush === null) return;
    for (const [key, value] of this.#data) toFlush.set(key, value);
    this.#data = toFlush;
    this.#toFlush = null;
  }
}

function shallowEqual(a: SourcePartition, b: SourcePartition): boolean {
  let count = 0;
  for (const key in a) {
    if (a[key] !== b[key]) return false;
    count++;
  }
  for (const _key in b) count--;
  return count === 0;
}
