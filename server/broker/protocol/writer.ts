const CHUNK = 64 * 1024;
/** Raw byte runs at least this long are referenced, not copied (record sets in Fetch responses). */
const ZERO_COPY_MIN = 1024;

/**
 * Encoder of Kafka's non-flexible primitive types. Output is a list of buffers: scalars go into
 * a scratch chunk, large byte runs are appended by reference so a Fetch response never copies
 * the log data it serves.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private start = 0;
  private pos = 0;
  private total = 0;

  constructor(sizeHint = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(sizeHint, 64));
  }

  get length(): number {
    return this.total;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.seal();
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.start = 0;
    this.pos = 0;
  }

  private seal(): void {
    if (this.pos > this.start) this.chunks.push(this.buf.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    this.total += 1;
    return this;
  }

  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    this.total += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    this.total += 4;
    return this;
  }

  uint32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
    this.total += 4;
    return this;
  }

  int64(v: number | bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(typeof v === "bigint" ? v : BigInt(Math.trunc(v)), this.pos);
    this.pos += 8;
    this.total += 8;
    return this;
  }

  nullableString(s: string | null | undefined): this {
    if (s === null || s === undefined) return this.int16(-1);
    const len = Buffer.byteLength(s, "utf8");
    this.int16(len);
    this.ensure(len);
    this.buf.write(s, this.pos, len, "utf8");
    this.pos += len;
    this.total += len;
    return this;
  }

  string(s: string): this {
    return this.nullableString(s);
  }

  nullableBytes(b: Buffer | null | undefined): this {
    if (b === null || b === undefined) return this.int32(-1);
    this.int32(b.length);
    return this.raw(b);
  }

  bytes(b: Buffer): this {
    return this.nullableBytes(b);
  }

  /** Length-prefixed bytes made of several buffers (a record set spread over log chunks). */
  bytesChunks(parts: readonly Buffer[]): this {
    let len = 0;
    for (const p of parts) len += p.length;
    this.int32(len);
    for (const p of parts) this.raw(p);
    return this;
  }

  array<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null | undefined, item: (w: Writer, v: T) => void): this {
    if (items === null || items === undefined) return this.int32(-1);
    return this.array(items, item);
  }

  unsignedVarint(v: number): this {
    let value = v >>> 0;
    while ((value & ~0x7f) !== 0) {
      this.int8(((value & 0x7f) | 0x80) << 24 >> 24);
      value >>>= 7;
    }
    return this.int8((value << 24) >> 24);
  }

  varint(v: number): this {
    return this.unsignedVarint((v << 1) ^ (v >> 31));
  }

  varlong(v: number | bigint): this {
    const big = BigInt.asUintN(64, (BigInt(v) << 1n) ^ (BigInt(v) >> 63n));
    let value = big;
    while (value >= 0x80n) {
      this.int8(Number((value & 0x7fn) | 0x80n) << 24 >> 24);
      value >>= 7n;
    }
    return this.int8(Number(value) << 24 >> 24);
  }

  raw(b: Buffer): this {
    if (b.length >= ZERO_COPY_MIN) {
      this.seal();
      this.chunks.push(b);
      this.total += b.length;
      return this;
    }
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    this.total += b.length;
    return this;
  }

  /** The encoded bytes as a list of buffers (no copy). */
  toBuffers(): Buffer[] {
    this.seal();
    return this.chunks.slice();
  }

  toBuffer(): Buffer {
    const parts = this.toBuffers();
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.total);
  }
}
