/**
 * Kafka's `ConfigProvider` (org.apache.kafka.common.config.provider): a source of configuration
 * values that `${provider:path:key}` placeholders in connector configs refer to. Providers are
 * synchronous, as Kafka's are: they read small local files or the environment.
 */
export interface ConfigProvider {
  /** The `config.providers.<name>.param.*` settings, prefix removed. Throws ConfigError when invalid. */
  configure(configs: Readonly<Record<string, string>>): void;
  /** The values of `keys` found at `path`; missing keys are simply absent from the map. */
  get(path: string, keys: ReadonlySet<string>): Map<string, string>;
  close(): void;
}

export const FILE_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
export const DIRECTORY_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.DirectoryConfigProvider";
export const ENV_VAR_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";

/** KIP-993: the paths File/Directory providers may read (comma-separated, absolute, existing). */
export const ALLOWED_PATHS_CONFIG = "allowed.paths";
/** KIP-887: the pattern environment variable names must match (Java `find`, default `.*`). */
export const ALLOWLIST_PATTERN_CONFIG = "allowlist.pattern";
