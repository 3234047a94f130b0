/**
 * CRC-32C (Castagnoli), the checksum of Kafka record batches v2. Every appended batch is verified,
 * so this is on the produce hot path. Slicing-by-16 (sixteen 256-entry tables, one step per 16
 * bytes): in plain JS about 1 GB/s; the same loop as a small WebAssembly function, which V8 runs
 * without bounds checks, about 2 GB/s. Inputs from WASM_MIN bytes up go through the wasm
 * function (copied into its memory in chunks), shorter ones through the JS loop.
 */

const POLY = 0x82f63b78; // reflected Castagnoli polynomial

/** Sixteen tables back to back: table n is at [n * 256, n * 256 + 256). */
const T = new Int32Array(256 * 16);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c;
}
for (let n = 1; n < 16; n++) {
  for (let i = 0; i < 256; i++) {
    const p = T[(n - 1) * 256 + i]!;
    T[n * 256 + i] = (p >>> 8) ^ T[p & 0xff]!;
  }
}

// Word reads assume the words are little-endian, as the byte order of the stream.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The JS loop: exported for tests, which hold it and the wasm one to the definition. */
export function crc32cJs(crc: number, buf: Uint8Array, start: number, end: number): number {
  // Non-null assertions: noUncheckedIndexedAccess cannot see that every index is in range.
  let c = ~crc;
  let i = start;
  if (LITTLE_ENDIAN) {
    while (i < end && ((buf.byteOffset + i) & 3) !== 0) c = (c >>> 8) ^ T[(c ^ buf[i++]!) & 0xff]!;
    const words = ((end - i) >>> 4) << 2;
    if (words > 0) {
      const w = new Int32Array(buf.buffer, buf.byteOffset + i, words);
      for (let j = 0; j < words; j += 4) {
        const a = c ^ w[j]!;
        const b = w[j + 1]!;
        const d = w[j + 2]!;
        const e = w[j + 3]!;
        c =
          T[3840 + (a & 0xff)]! ^
          T[3584 + ((a >>> 8) & 0xff)]! ^
          T[3328 + ((a >>> 16) & 0xff)]! ^
          T[3072 + (a >>> 24)]! ^
          T[2816 + (b & 0xff)]! ^
          T[2560 + ((b >>> 8) & 0xff)]! ^
          T[2304 + ((b >>> 16) & 0xff)]! ^
          T[2048 + (b >>> 24)]! ^
          T[1792 + (d & 0xff)]! ^
          T[1536 + ((d >>> 8) & 0xff)]! ^
          T[1280 + ((d >>> 16) & 0xff)]! ^
          T[1024 + (d >>> 24)]! ^
          T[768 + (e & 0xff)]! ^
          T[512 + ((e >>> 8) & 0xff)]! ^
          T[256 + ((e >>> 16) & 0xff)]! ^
          T[e >>> 24]!;
      }
      i += words * 4;
    }
  }
  while (i < end) c = (c >>> 8) ^ T[(c ^ buf[i++]!) & 0xff]!;
  return ~c >>> 0;
}

// ---- the WebAssembly version of the same loop ----

/** Wasm memory: the tables at [0, 16 KiB), then the scratch the input is copied into. */
const TABLES_BYTES = 16 * 1024;
const SCRATCH_BYTES = 256 * 1024;
const PAGES = Math.ceil((TABLES_BYTES + SCRATCH_BYTES) / 65536);
/** Below this, copying into wasm memory and the call cost more than they save. */
const WASM_MIN = 512;

/**
 * Assembles `crc(crc, p, end) -> crc` over memory [p, end): the slicing-by-16 loop above with
 * the tables in memory, so table n entry x is an i32.load at offset n * 1024 of address x * 4.
 */
function assembleCrcModule(): Uint8Array<ArrayBuffer> {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const sleb = (n: number): number[] => {
    const out: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
      out.push(b | 0x80);
    }
  };
  const op = { get: 0x20, set: 0x21, const: 0x41, load: 0x28, load8u: 0x2d, xor: 0x73, and: 0x71, shl: 0x74, shrU: 0x76, add: 0x6a, sub: 0x6b, ltU: 0x49, eqz: 0x45 };
  const get = (i: number) => [op.get, i];
  const set = (i: number) => [op.set, i];
  const i32 = (n: number) => [op.const, ...sleb(n)];
  const load = (offset: number) => [op.load, 2, ...uleb(offset)];
  // Locals: 0 crc (param), 1 p (param), 2 end (param), 3..6 the four words, 7 end of the 16-byte steps, 8 running crc.
  const [P, END, A, END16, C] = [1, 2, 3, 7, 8];
  // Table n at byte k of the word in local w: ((w >>> 8k) & 0xff) * 4, folded into one shift and mask.
  const lookup = (w: number, k: number, n: number) =>
    k === 0
      ? [...get(w), ...i32(2), op.shl, ...i32(0x3fc), op.and, ...load(n * 1024)]
      : [...get(w), ...i32(8 * k - 2), op.shrU, ...i32(0x3fc), op.and, ...load(n * 1024)];
  const step: number[] = [];
  for (let w = 0; w < 4; w++) {
    for (let k = 0; k < 4; k++) {
      step.push(...lookup(A + w, k, 15 - (w * 4 + k)));
      if (w + k > 0) step.push(op.xor);
    }
  }
  const body = [
    ...get(0), ...i32(-1), op.xor, ...set(C),
    ...get(P), ...get(END), ...get(P), op.sub, ...i32(-16), op.and, op.add, ...set(END16),
    // block { loop { if !(p < end16) break; c = step(words at p); p += 16; continue } }
    0x02, 0x40, 0x03, 0x40,
    ...get(P), ...get(END16), op.ltU, op.eqz, 0x0d, 1,
    ...get(C), ...get(P), ...load(0), op.xor, ...set(A),
    ...get(P), ...load(4), ...set(A + 1),
    ...get(P), ...load(8), ...set(A + 2),
    ...get(P), ...load(12), ...set(A + 3),
    ...step, ...set(C),
    ...get(P), ...i32(16), op.add, ...set(P),
    0x0c, 0, 0x0b, 0x0b,
    // the remaining bytes one at a time: c = (c >>> 8) ^ T0[(c ^ byte) & 0xff]
    0x02, 0x40, 0x03, 0x40,
    ...get(P), ...get(END), op.ltU, op.eqz, 0x0d, 1,
    ...get(C), ...i32(8), op.shrU,
    ...get(C), ...get(P), op.load8u, 0, 0, op.xor, ...i32(0xff), op.and, ...i32(2), op.shl, ...load(0), op.xor, ...set(C),
    ...get(P), ...i32(1), op.add, ...set(P),
    0x0c, 0, 0x0b, 0x0b,
    ...get(C), ...i32(-1), op.xor,
    0x0b,
  ]; // prettier-ignore
  const func = [1, 6, 0x7f, ...body]; // one local declaration: 6 x i32
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, "latin1")];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7f]), // type: (i32 i32 i32) -> i32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, ...uleb(PAGES)]), // one memory, PAGES pages
    ...section(7, [2, ...name("mem"), 2, 0, ...name("crc"), 0, 0]), // exports
    ...section(10, [1, ...uleb(func.length), ...func]), // code
  ]); // prettier-ignore
}

interface WasmCrc {
  crc: (crc: number, p: number, end: number) => number;
  bytes: Uint8Array;
}

const wasm: WasmCrc | null = (() => {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(assembleCrcModule()));
    const mem = instance.exports.mem as WebAssembly.Memory;
    new Int32Array(mem.buffer, 0, T.length).set(T); // wasm memory is little-endian, as are the tables' uses
    return { crc: instance.exports.crc as WasmCrc["crc"], bytes: new Uint8Array(mem.buffer) };
  } catch {
    return null; // no WebAssembly: the JS loop does it all
  }
})();

/** The wasm loop, chunk by chunk through its scratch memory; exported for tests. */
export function crc32cWasm(crc: number, buf: Uint8Array, start: number, end: number): number {
  if (!wasm || !LITTLE_ENDIAN) return crc32cJs(crc, buf, start, end);
  let c = crc;
  for (let i = start; i < end; i += SCRATCH_BYTES) {
    const n = Math.min(SCRATCH_BYTES, end - i);
    wasm.bytes.set(buf.subarray(i, i + n), TABLES_BYTES);
    c = wasm.crc(c, TABLES_BYTES, TABLES_BYTES + n) >>> 0;
  }
  return c;
}

/** Continues a CRC-32C over bytes [start, end) of buf; pass the previous result to chain. */
export function crc32cUpdate(crc: number, buf: Uint8Array, start = 0, end = buf.length): number {
  return end - start >= WASM_MIN ? crc32cWasm(crc, buf, start, end) : crc32cJs(crc, buf, start, end);
}

/** CRC-32C of bytes [start, end) of buf, as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  return crc32cUpdate(0, buf, start, end);
}
