import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ConfigMap, ConfigValue } from "../../api";

/**
 * Which local paths the file connectors (FileStream source and sink, SpoolDir) may touch: only paths
 * under the directories of the worker setting `connector.file.allowed.paths` (default: the data
 * directory and the current directory). A connector is given the policy by the worker that installs
 * it (see {@link withFileAccess}); without one (unit tests, embedding code) paths are unrestricted.
 *
 * Paths are compared after resolving symbolic links and `..`: the longest existing prefix goes
 * through realpath and the rest is appended, so neither a link inside an allowed directory nor a
 * not-yet-created file below one can point outside it.
 */

export const ALLOWED_PATHS_CONFIG = "connector.file.allowed.paths";

export class FileAccessPolicy {
  readonly #directories: readonly string[];
  #resolved: Promise<string[]> | undefined;

  /** `directories` as configured; relative ones are resolved against the current directory. */
  constructor(directories: readonly string[]) {
    this.#directories = directories.map((d) => resolve(d));
  }

  get directories(): readonly string[] {
    return this.#directories;
  }

  /** The error text for a path outside every allowed directory, or undefined when it is allowed. */
  async check(key: string, path: string): Promise<string | undefined> {
    const target = await resolveReal(path);
    const allowed = await (this.#resolved ??= Promise.all(this.#directories.map(resolveReal)));
    if (allowed.some((dir) => isInside(target, dir))) return undefined;
    return (
      `${key}: ${path} is outside the directories this worker lets connectors use (${this.#directories.join(", ")}); ` +
      `add its directory to the worker setting ${ALLOWED_PATHS_CONFIG}`
    );
  }

  /** Throws the check's error; used when a connector starts (a config stored earlier must not bypass the rule). */
  async require(key: string, path: string): Promise<void> {
    const error = await this.check(key, path);
    if (error) throw new Error(error);
  }
}

/**
 * `values` (a ConfigDef's validation of `props`) with the policy's error added to each of `keys`
 * whose path it excludes. Without a policy paths are unrestricted; an empty setting names no path.
 */
export async function checkPathSettings(policy: FileAccessPolicy | undefined, props: ConfigMap, keys: readonly string[], values: ConfigValue[]): Promise<ConfigValue[]> {
  if (!policy) return values;
  for (const key of keys) {
    const path = props[key]?.trim();
    const error = path ? await policy.check(key, path) : undefined;
    if (error) values.find((v) => v.name === key)?.addErrorMessage(error);
  }
  return values;
}

function isInside(target: string, dir: string): boolean {
  const rel = relative(dir, target);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * The real path of `path`: realpath of its longest existing prefix, the missing rest appended. The
 * path is not normalised first: `link/..` must go up from where the link points, as the kernel does.
 */
export async function resolveReal(path: string): Promise<string> {
  const absolute = isAbsolute(path) ? path : `${process.cwd()}${sep}${path}`;
  const parts = absolute.split(sep);
  for (let end = parts.length; end > 0; end--) {
    const prefix = parts.slice(0, end).join(sep) || sep;
    try {
      return join(await realpath(prefix), ...parts.slice(end));
    } catch {
      // Missing, not a directory, unreadable or a link loop: nothing below it can be opened through
      // another place either, so the shorter prefix decides.
    }
  }
  return resolve(absolute);
}

/** A connector that can be given the worker's policy. */
export interface FileAccessAware {
  setFileAccess(policy: FileAccessPolicy): void;
}

/**
 * A plugin descriptor whose connectors enforce `policy`: the worker installs the file connectors
 * through this, so a connector receives the rule from the worker that runs it, whichever herder
 * validates or starts it.
 */
export function withFileAccess<T extends FileAccessAware, D extends { create(): T }>(descriptor: D, policy: FileAccessPolicy): D {
  return {
    ...descriptor,
    create: () => {
      const connector = descriptor.create();
      connector.setFileAccess(policy);
      return connector;
    },
  };
}
