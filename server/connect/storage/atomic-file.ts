import { open, readFile, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { mkdir } from "node:fs/promises";

/**
 * Writes a whole file so that a crash leaves either the old or the new content, never a mix:
 * a temporary file next to it, fsync, then rename over the target.
 */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await handle.close();
  await rename(tmp, file);
}

/** The file's text, or undefined when it does not exist. */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Serialises async saves: each runs after the previous one finished, failures do not block the next. */
export class SaveQueue {
  #tail: Promise<void> = Promise.resolve();

  run(save: () => Promise<void>): Promise<void> {
    const next = this.#tail.then(save, save);
    this.#tail = next.catch(() => {});
    return next;
  }
}
