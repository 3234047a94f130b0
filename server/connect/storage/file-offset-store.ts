import { ConnectError } from "../api";
import { readFileIfExists, SaveQueue, writeFileAtomic } from "./atomic-file";
import { MemoryOffsetStore } from "./memory-offset-store";

/**
 * Offsets in a file (Kafka's FileOffsetBackingStore, `offset.storage.file.filename`): the memory
 * store plus a `save` hook that rewrites the whole file atomically on every `set`. Kafka stores a
 * Java-serialized map; Ferry stores the same key/value bytes (as UTF-8 JSON text) in a JSON file:
 *
 *   {"version":1,"offsets":[["[\"conn\",{\"filename\":\"/tmp/a\"}]","{\"position\":42}"]]}
 *
 * A missing or empty file means no offsets; an unreadable one fails `start` with a clear error
 * rather than silently starting over (which would re-deliver everything).
 */
export class FileOffsetStore extends MemoryOffsetStore {
  readonly file: string;
  readonly #saves = new SaveQueue();

  constructor(file: string) {
    super();
    this.file = file;
  }

  override async start(): Promise<void> {
    const text = await readFileIfExists(this.file);
    if (text === undefined || text.trim() === "") return;
    let entries: [string, string | null][];
    try {
      entries = parseOffsetsFile(text);
    } catch (err) {
      throw new ConnectError(`Failed to read offsets from ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    for (const [key, value] of entries) this.applyText(key, value === null ? null : Buffer.from(value, "utf8"));
  }

  override async stop(): Promise<void> {
    // Waits for a save in progress.
    await this.#saves.run(async () => {});
  }

  protected override save(): Promise<void> {
    // The snapshot is taken when the save runs, so queued saves always write the newest data.
    return this.#saves.run(async () => {
      const offsets = [...this.data].map(([key, value]) => [key, value.toString("utf8")]);
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, offsets }) + "\n");
    });
  }
}

function parseOffsetsFile(text: string): [string, string | null][] {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || !("offsets" in parsed) || !Array.isArray(parsed.offsets)) {
    throw new Error("not a Ferry offsets file (expected {\"version\":1,\"offsets\":[...]})");
  }
  return parsed.offsets.map((entry: unknown, i: number): [string, string | null] => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || (entry[1] !== null && typeof entry[1] !== "string")) {
      throw new Error(`entry ${i} is not a [key, value] pair of strings`);
    }
    return [entry[0], entry[1] as string | null];
  });
}
