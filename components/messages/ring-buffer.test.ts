import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer";

describe("RingBuffer", () => {
  it("keeps the newest items up to its capacity, oldest first", () => {
    const ring = new RingBuffer<number>(3);
    ring.pushAll([1, 2]);
    expect(ring.toArray()).toEqual([1, 2]);
    ring.pushAll([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(2);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect([ring.at(0), ring.at(2), ring.at(3)]).toEqual([3, 5, undefined]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
  });

  it("refuses a capacity below one", () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
