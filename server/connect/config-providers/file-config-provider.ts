import { readFileSync } from "node:fs";
import { ConfigError } from "../api";
import { parseProperties } from "../properties";
import { PathConfigProvider } from "./path-config-provider";

/**
 * Kafka's `FileConfigProvider`: `${file:/path/to/file.properties:key}` reads `key` from a Java
 * properties file. A path outside `allowed.paths` yields no data (a warning), as in Kafka.
 */
export class FileConfigProvider extends PathConfigProvider {
  protected readonly checkRealPath = true;

  protected read(path: string, file: string, keys: ReadonlySet<string>): Map<string, string> {
    const data = new Map<string, string>();
    let properties: Record<string, string>;
    try {
      properties = parseProperties(readFileSync(file, "utf8"));
    } catch {
      throw new ConfigError(`Could not read properties from file ${path}`);
    }
    for (const key of keys) {
      if (Object.prototype.hasOwnProperty.call(properties, key)) data.set(key, properties[key] as string);
    }
    return data;
  }
}
