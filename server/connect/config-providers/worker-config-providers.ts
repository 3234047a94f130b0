import { ConfigError } from "../api";
import {
  DIRECTORY_CONFIG_PROVIDER,
  ENV_VAR_CONFIG_PROVIDER,
  FILE_CONFIG_PROVIDER,
  type ConfigProvider,
} from "./config-provider";
import { ConfigTransformer } from "./config-transformer";
import { DirectoryConfigProvider } from "./directory-config-provider";
import { EnvVarConfigProvider } from "./env-var-config-provider";
import { FileConfigProvider } from "./file-config-provider";

/**
 * The worker's config providers (Kafka's `config.providers`): `config.providers=file,env`,
 * `config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider`, and
 * `config.providers.<name>.param.<key>=…` passed to the provider's configure().
 */
export const CONFIG_PROVIDERS_CONFIG = "config.providers";

export interface ProviderContext {
  /** Environment for EnvVarConfigProvider (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where providers' warnings go (paths refused by allowed.paths). */
  warn?: (message: string) => void;
}

type ProviderFactory = (context: ProviderContext) => ConfigProvider;

const FACTORIES: ReadonlyMap<string, ProviderFactory> = new Map<string, ProviderFactory>([
  [FILE_CONFIG_PROVIDER, (c) => new FileConfigProvider({ warn: c.warn })],
  [DIRECTORY_CONFIG_PROVIDER, (c) => new DirectoryConfigProvider({ warn: c.warn })],
  [ENV_VAR_CONFIG_PROVIDER, (c) => new EnvVarConfigProvider(c.env)],
]);

/** Full class name, or the simple class name as an alias. */
function factoryFor(className: string): ProviderFactory | undefined {
  const direct = FACTORIES.get(className);
  if (direct) return direct;
  for (const [full, factory] of FACTORIES) if (full.slice(full.lastIndexOf(".") + 1) === className) return factory;
  return undefined;
}

/** The provider names listed in `config.providers`. */
export function configProviderNames(originals: Readonly<Record<string, string>>): string[] {
  return (originals[CONFIG_PROVIDERS_CONFIG] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Creates and configures every listed provider. ConfigError naming the key for a missing or unknown
 * class or a provider refusing its parameters: the worker does not start with a broken provider.
 */
export function createConfigProviders(originals: Readonly<Record<string, string>>, context: ProviderContext = {}): Map<string, ConfigProvider> {
  const providers = new Map<string, ConfigProvider>();
  for (const name of configProviderNames(originals)) {
    const classKey = `${CONFIG_PROVIDERS_CONFIG}.${name}.class`;
    const className = originals[classKey]?.trim();
    if (!className) throw new ConfigError(`Missing required configuration "${classKey}" which has no default value.`, { key: classKey });
    const factory = factoryFor(className);
    if (!factory) {
      throw ConfigError.invalidValue(
        classKey,
        className,
        `Class ${className} could not be found. Known config providers: ${[...FACTORIES.keys()].join(", ")}`,
      );
    }
    const paramPrefix = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(originals)) if (key.startsWith(paramPrefix)) params[key.slice(paramPrefix.length)] = value;
    const provider = factory(context);
    try {
      provider.configure(params);
    } catch (err) {
      const key = err instanceof ConfigError && err.key ? `${paramPrefix}${err.key}` : paramPrefix.slice(0, -1);
      throw new ConfigError(`Invalid configuration for ${key}: ${err instanceof Error ? err.message : String(err)}`, { key });
    }
    providers.set(name, provider);
  }
  return providers;
}

/** The transformer over the worker's providers (Kafka's WorkerConfigTransformer, without TTL restarts). */
export function createWorkerConfigTransformer(originals: Readonly<Record<string, string>>, context: ProviderContext = {}): ConfigTransformer {
  return new ConfigTransformer(createConfigProviders(originals, context));
}
