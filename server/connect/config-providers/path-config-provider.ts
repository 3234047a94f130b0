import { ConfigError } from "../api";
import { AllowedPaths } from "./allowed-paths";
import { ALLOWED_PATHS_CONFIG, type ConfigProvider } from "./config-provider";

/**
 * What Kafka's File and Directory providers share: `allowed.paths` from configure(), and the check
 * of a requested path against it before anything is read. A path it excludes yields no data (a
 * warning), as in Kafka; the empty path yields no data.
 */
export abstract class PathConfigProvider implements ConfigProvider {
  #allowed: AllowedPaths | null = null;
  protected readonly warn: (message: string) => void;

  constructor(options: { warn?: (message: string) => void } = {}) {
    this.warn = options.warn ?? (() => {});
  }

  configure(configs: Readonly<Record<string, string>>): void {
    this.#allowed = AllowedPaths.configure(configs[ALLOWED_PATHS_CONFIG]);
  }

  get(path: string, keys: ReadonlySet<string>): Map<string, string> {
    if (!this.#allowed) throw new ConfigError("The provider has not been configured yet.");
    if (path === "") return new Map();
    const allowed = this.#allowed.ifAllowed(path);
    if (allowed === null || (this.checkRealPath && !this.#allowed.realPathAllowed(allowed))) {
      this.warn(`The path ${path} is not allowed to be accessed`);
      return new Map();
    }
    return this.read(path, allowed, keys, this.#allowed);
  }

  close(): void {}

  /** Whether the requested path itself, symlinks resolved, must also lie under `allowed.paths`. */
  protected abstract readonly checkRealPath: boolean;

  /** The values of `keys` at `allowedPath` (normalized `path`), once `allowed.paths` admits it. */
  protected abstract read(path: string, allowedPath: string, keys: ReadonlySet<string>, allowed: AllowedPaths): Map<string, string>;
}
