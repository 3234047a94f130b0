import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

/** Writes a whole file so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
