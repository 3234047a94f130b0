import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../api";
import type { AllowedPaths } from "./allowed-paths";
import { PathConfigProvider } from "./path-config-provider";

/**
 * Kafka's `DirectoryConfigProvider`: `${dir:/run/secrets:db-password}` is the whole content of the
 * regular file `db-password` in that directory (Kubernetes and Docker secret mounts). Other entries
 * (sub-directories) are ignored; a path outside `allowed.paths` or not a directory yields no data.
 */
export class DirectoryConfigProvider extends PathConfigProvider {
  // Each file read is checked instead, symlinks resolved (below).
  protected readonly checkRealPath = false;

  protected read(path: string, dir: string, keys: ReadonlySet<string>, allowed: AllowedPaths): Map<string, string> {
    const data = new Map<string, string>();
    if (!isDirectory(dir)) {
      this.warn(`The path ${path} is not a directory`);
      return data;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (err) {
      throw new ConfigError(`Could not list directory ${dir}`, { cause: err });
    }
    for (const name of entries) {
      if (!keys.has(name)) continue;
      const file = join(dir, name);
      // A file reached through a symlink must still lie under allowed.paths.
      if (!allowed.realPathAllowed(file) || !isRegularFile(file)) continue;
      try {
        data.set(name, readFileSync(file, "utf8"));
      } catch (err) {
        throw new ConfigError(`Could not read file ${file} for property ${name}`, { cause: err });
      }
    }
    return data;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
