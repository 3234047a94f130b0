import { appendFile, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { auditEntrySchema, type AuditEntry } from "../../lib/auth/audit";

/**
 * The audit log: JSON lines appended to one file (`<data-dir>/audit.log` under `ferry start`),
 * shared by the REST API and the console when they run together. Each entry is one write of one
 * line with O_APPEND, so writers in one or several processes never interleave within a line.
 */
export class AuditLog {
  readonly #path: string;
  #ready: Promise<void> | undefined;
  /** Appends in order; a failed write is reported, never thrown into the request that caused it. */
  #tail: Promise<void> = Promise.resolve();

  constructor(
    path: string,
    private readonly onError: (err: unknown) => void = (err) => console.error(`ferry: cannot write the audit log: ${String(err)}`),
  ) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /** Queues the entry; the promise settles when it is on disk (or its failure was reported). */
  record(entry: Omit<AuditEntry, "time"> & { time?: string }): Promise<void> {
    const line = `${JSON.stringify({ ...entry, time: entry.time ?? new Date().toISOString() })}\n`;
    this.#ready ??= mkdir(dirname(this.#path), { recursive: true }).then(() => undefined);
    this.#tail = this.#tail
      .then(() => this.#ready)
      .then(() => appendFile(this.#path, line, { encoding: "utf8", mode: 0o600 }))
      .catch(this.onError);
    return this.#tail;
  }

  /** The newest entries first, at most `limit`; lines that do not parse are skipped. */
  async read({ limit = 200 }: { limit?: number } = {}): Promise<AuditEntry[]> {
    let handle;
    try {
      handle = await open(this.#path, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    try {
      const { size } = await handle.stat();
      const entries: AuditEntry[] = [];
      const chunk = 256 * 1024;
      let end = size;
      let carry = Buffer.alloc(0);
      // Read backwards a chunk at a time until enough whole lines are in.
      while (end > 0 && entries.length < limit) {
        const start = Math.max(0, end - chunk);
        const buffer = Buffer.alloc(end - start);
        await handle.read(buffer, 0, buffer.length, start);
        const data = Buffer.concat([buffer, carry]);
        const lines = data.toString("utf8").split("\n");
        // The first piece may be the end of a line that begins in the previous chunk.
        carry = start > 0 ? Buffer.from(lines.shift() ?? "", "utf8") : Buffer.alloc(0);
        for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
          const entry = parseLine(lines[i] as string);
          if (entry) entries.push(entry);
        }
        end = start;
      }
      if (carry.length > 0 && entries.length < limit) {
        const entry = parseLine(carry.toString("utf8"));
        if (entry) entries.push(entry);
      }
      return entries;
    } finally {
      await handle.close();
    }
  }
}

function parseLine(line: string): AuditEntry | undefined {
  if (line.trim() === "") return undefined;
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
