import { ConfigError } from "../api";
import { compileJavaRegex } from "../runtime/connector-config";
import { ALLOWLIST_PATTERN_CONFIG, type ConfigProvider } from "./config-provider";

/**
 * Kafka's `EnvVarConfigProvider` (KIP-887): `${env:DB_PASSWORD}` is the environment variable. Only
 * names in which `allowlist.pattern` is found (Java `Matcher.find`, default `.*`) are visible; a
 * path is refused, as in Kafka.
 */
export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: Readonly<Record<string, string | undefined>>;
  #pattern: RegExp = /.*/;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
  }

  configure(configs: Readonly<Record<string, string>>): void {
    const pattern = configs[ALLOWLIST_PATTERN_CONFIG];
    if (pattern === undefined) return;
    try {
      this.#pattern = compileJavaRegex(pattern);
    } catch (err) {
      throw new ConfigError(`Invalid value ${pattern} for configuration ${ALLOWLIST_PATTERN_CONFIG}: not a valid regular expression`, {
        key: ALLOWLIST_PATTERN_CONFIG,
        cause: err,
      });
    }
  }

  get(path: string, keys: ReadonlySet<string>): Map<string, string> {
    if (path !== "") throw new ConfigError(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    const data = new Map<string, string>();
    for (const key of keys) {
      const value = this.#env[key];
      if (value === undefined || !Object.prototype.hasOwnProperty.call(this.#env, key)) continue;
      this.#pattern.lastIndex = 0;
      if (this.#pattern.test(key)) data.set(key, value);
    }
    return data;
  }

  close(): void {}
}
