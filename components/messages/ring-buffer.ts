/**
 * A bounded FIFO: pushing beyond `capacity` drops the oldest items. The live tail keeps its rows
 * here so memory stays flat however long it runs; `at(i)` is O(1) for the windowed table.
 */
export class RingBuffer<T> {
  #items: T[] = [];
  #start = 0;
  #size = 0;
  #dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
  }

  get size(): number {
    return this.#size;
  }

  /** Items pushed out by newer ones since the last clear(). */
  get dropped(): number {
    return this.#dropped;
  }

  push(item: T): void {
    if (this.#size < this.capacity) {
      // Still filling: the array grows with the data instead of being allocated at full size.
      this.#items[(this.#start + this.#size) % this.capacity] = item;
      this.#size++;
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
    this.#dropped++;
  }

  pushAll(items: Iterable<T>): void {
    for (const item of items) this.push(item);
  }

  /** The i-th oldest item (0 = oldest). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined;
    return this.#items[(this.#start + index) % this.capacity];
  }

  toArray(): T[] {
    const out: T[] = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(this.#start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.#items = [];
    this.#start = 0;
    this.#size = 0;
    this.#dropped = 0;
  }
}
