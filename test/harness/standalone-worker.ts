import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { properties } from "./ferry-process";

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

/**
 * Writes `<dir>/worker.properties` for `ferry standalone` against `bootstrap`: the REST API on a free
 * port of 127.0.0.1, JSON converters, source offsets in `<dir>/connect.offsets`; `extra` on top.
 * Returns the offsets file.
 */
export function writeStandaloneWorkerProperties(dir: string, bootstrap: string, extra: Readonly<Record<string, string>> = {}): string {
  const offsetsFile = join(dir, "connect.offsets");
  writeFileSync(
    join(dir, "worker.properties"),
    properties({
      "bootstrap.servers": bootstrap,
      listeners: "http://127.0.0.1:0",
      "key.converter": JSON_CONVERTER,
      "value.converter": JSON_CONVERTER,
      "offset.storage.file.filename": offsetsFile,
      ...extra,
    }),
  );
  return offsetsFile;
}
