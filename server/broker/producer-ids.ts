import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "./util/atomic-file";

const BLOCK = 1000;

export interface ProducerIdAllocator {
  next(): number;
}

/**
 * Hands out producer ids that stay unique across restarts: a block of ids is reserved on disk
 * before any id of it is given out.
 */
export function createProducerIdAllocator(file: string): ProducerIdAllocator {
  mkdirSync(dirname(file), { recursive: true });
  let reservedUntil = 0;
  try {
    reservedUntil = Number(JSON.parse(readFileSync(file, "utf8")).reservedUntil) || 0;
  } catch {
    // no file yet: start at 0
  }
  let nextId = reservedUntil;
  return {
    next() {
      if (nextId >= reservedUntil) {
        reservedUntil = nextId + BLOCK;
        writeFileAtomic(file, JSON.stringify({ reservedUntil }));
      }
      return nextId++;
    },
  };
}
