import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, normalize, sep } from "node:path";
import { ConfigError } from "../api";

/**
 * Kafka's `AllowedPaths` (KIP-993): with `allowed.paths` set, File and Directory providers only read
 * paths that, normalized, lie under one of the listed absolute, existing directories or files.
 */
export class AllowedPaths {
  readonly #paths: readonly string[] | null;
  /** The same entries with symlinks resolved, to check where a file really is. */
  readonly #realPaths: readonly string[] | null;

  private constructor(paths: readonly string[] | null) {
    this.#paths = paths;
    this.#realPaths = paths?.map((p) => realpathSync(p)) ?? null;
  }

  /** Parses the setting; ConfigError for an entry that is not absolute or does not exist. */
  static configure(configValue: string | undefined): AllowedPaths {
    if (configValue === undefined || configValue === "") return new AllowedPaths(null);
    const paths = configValue.split(",").map((entry) => {
      const normalized = stripTrailingSep(normalize(entry));
      if (!isAbsolute(normalized) || !existsSync(normalized)) {
        throw new ConfigError(`Path ${normalized} is not valid. The path should be absolute and exist`, { key: "allowed.paths" });
      }
      return normalized;
    });
    return new AllowedPaths(paths);
  }

  /** The normalized path when it may be read, null when `allowed.paths` excludes it. */
  ifAllowed(path: string): string | null {
    if (this.#paths === null) return path;
    const normalized = stripTrailingSep(normalize(path));
    return isUnder(normalized, this.#paths) ? normalized : null;
  }

  /**
   * Beyond Kafka: true when the file, symlinks resolved, also lies under `allowed.paths`, so a link
   * placed in an allowed directory cannot expose a file elsewhere. Always true without the setting.
   */
  realPathAllowed(path: string): boolean {
    if (this.#realPaths === null) return true;
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      // Nothing there to expose: reading it fails as it would anyway.
      return true;
    }
    return isUnder(real, this.#realPaths);
  }
}

// Path.startsWith compares whole name elements: /a/bc is not under /a/b.
function isUnder(path: string, bases: readonly string[]): boolean {
  return bases.some((base) => path === base || path.startsWith(base === sep ? base : base + sep));
}

function stripTrailingSep(path: string): string {
  return path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path;
}
