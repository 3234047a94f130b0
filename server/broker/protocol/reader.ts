import { ProtocolError } from "./protocol-error";

/**
 * Sequential decoder of Kafka's non-flexible primitive types over one request body.
 * Every read is bounds-checked and throws ProtocolError, so a garbled frame costs one
 * connection, never the process. int64 values are returned as numbers: offsets, timestamps
 * and producer ids of a single-node broker stay far below 2^53.
 */
export class Reader {
  offset: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new ProtocolError(`truncated: need ${n} bytes at ${at}, have ${this.end - at}`);
    }
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }

  /** STRING: int16 length, never null. */
  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError("null where a string is required");
    return s;
  }

  /** NULLABLE_STRING: int16 length, -1 for null. */
  nullableString(): string | null {
    const len = this.int16();
    if (len === -1) return null;
    if (len < 0) throw new ProtocolError(`bad string length ${len}`);
    const at = this.need(len);
    return this.buf.toString("utf8", at, at + len);
  }

  /** NULLABLE_BYTES: int32 length, -1 for null. Returns a view, not a copy. */
  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len === -1) return null;
    if (len < 0) throw new ProtocolError(`bad bytes length ${len}`);
    const at = this.need(len);
    return this.buf.subarray(at, at + len);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** ARRAY: int32 count, -1 for null. The count is checked against the bytes left so a lying count cannot allocate. */
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n === -1) return null;
    if (n < 0 || n > this.remaining) throw new ProtocolError(`bad array length ${n}`);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = item(this);
    return out;
  }

  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }

  /** Zig-zag varint as used inside record batches. */
  varint(): number {
    const raw = this.unsignedVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  unsignedVarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf.readUInt8(this.need(1));
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value >>> 0;
      shift += 7;
      if (shift > 28) throw new ProtocolError("varint too long");
    }
  }

  /** Zig-zag varlong, returned as a number (timestamp deltas and offsets fit). */
  varlong(): number {
    let raw = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf.readUInt8(this.need(1));
      raw |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtocolError("varlong too long");
    }
    return Number((raw >> 1n) ^ -(raw & 1n));
  }

  raw(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
}
