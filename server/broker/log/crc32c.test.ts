import { describe, it, expect } from "vitest";
import { crc32c, crc32cJs, crc32cUpdate, crc32cWasm } from "./crc32c";

/** Bit-by-bit reference. */
function slow(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

describe("crc32c", () => {
  it("matches the known check value", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // RFC 3720 B.4: 32 bytes of zeros
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
  });

  it("agrees with the bitwise definition at every alignment and length", () => {
    const data = Buffer.alloc(300);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
    for (let start = 0; start < 9; start++) {
      for (const len of [0, 1, 7, 15, 16, 17, 33, 64, 200]) {
        const view = data.subarray(start, start + len);
        expect(crc32c(data, start, start + len)).toBe(slow(view));
        expect(crc32c(view)).toBe(slow(view));
      }
    }
  });

  it("gives the same answer from the JS and the WebAssembly loop, across scratch chunks", () => {
    const data = Buffer.alloc(600_000);
    let x = 12345;
    for (let i = 0; i < data.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      data[i] = x >>> 24;
    }
    for (const [start, end] of [
      [0, 9],
      [3, 600],
      [21, 1 << 20 > data.length ? data.length : 1 << 20],
      [1, 262_145],
      [5, 262_144 + 15],
    ] as const) {
      const expected = slow(data.subarray(start, end));
      expect(crc32cJs(0, data, start, end)).toBe(expected);
      expect(crc32cWasm(0, data, start, end)).toBe(expected);
      expect(crc32c(data, start, end)).toBe(expected);
    }
    expect(crc32cWasm(0, Buffer.from("123456789"), 0, 9)).toBe(0xe3069283);
  });

  it("chains", () => {
    const data = Buffer.from("the quick brown fox jumps over the lazy dog");
    expect(crc32cUpdate(crc32c(data, 0, 10), data, 10)).toBe(crc32c(data));
  });
});
