import type { ConfigProvider } from "./config-provider";

/**
 * Kafka's `ConfigTransformer`: replaces `${provider:path:key}` and `${provider:key}` (empty path)
 * placeholders with values from the named providers. One level only (a value that itself holds a
 * placeholder is not resolved again); an unknown provider or a missing key leaves the placeholder
 * as written. Every value actually substituted is reported, so callers can mask it.
 */

/** Kafka's `ConfigTransformer.DEFAULT_PATTERN`. */
const VARIABLE_SOURCE = String.raw`\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}`;

interface Variable {
  provider: string;
  path: string;
  key: string;
}

function variableOf(match: RegExpExecArray): Variable {
  return { provider: match[1] ?? "", path: match[3] ?? "", key: match[4] ?? "" };
}

/** True when the value contains at least one placeholder. */
export function hasVariables(value: string | null | undefined): boolean {
  return typeof value === "string" && new RegExp(VARIABLE_SOURCE).test(value);
}

export interface TransformResult<V extends string | null> {
  /** The configs with every resolvable placeholder replaced. */
  data: Record<string, V>;
  /** The keys whose value changed. */
  transformedKeys: Set<string>;
  /** Every value a provider supplied for a substitution (the secrets to mask). */
  resolvedValues: Set<string>;
}

export class ConfigTransformer {
  readonly #providers: ReadonlyMap<string, ConfigProvider>;

  constructor(providers: ReadonlyMap<string, ConfigProvider>) {
    this.#providers = providers;
  }

  /** True when there are providers (no provider: nothing to resolve). */
  get active(): boolean {
    return this.#providers.size > 0;
  }

  /** Resolves the placeholders of `configs`; provider errors (ConfigError) propagate, as in Kafka. */
  transform<V extends string | null>(configs: Readonly<Record<string, V>>): TransformResult<V> {
    // Collect keys per provider and path, so each path is read once.
    const keysByProvider = new Map<string, Map<string, Set<string>>>();
    for (const value of Object.values(configs)) {
      if (value === null) continue;
      for (const match of value.matchAll(new RegExp(VARIABLE_SOURCE, "g"))) {
        const v = variableOf(match);
        let byPath = keysByProvider.get(v.provider);
        if (!byPath) keysByProvider.set(v.provider, (byPath = new Map()));
        let keys = byPath.get(v.path);
        if (!keys) byPath.set(v.path, (keys = new Set()));
        keys.add(v.key);
      }
    }

    const lookups = new Map<string, Map<string, Map<string, string>>>();
    for (const [providerName, byPath] of keysByProvider) {
      const provider = this.#providers.get(providerName);
      if (!provider) continue;
      const values = new Map<string, Map<string, string>>();
      for (const [path, keys] of byPath) values.set(path, provider.get(path, keys));
      lookups.set(providerName, values);
    }

    const data: Record<string, V> = { ...configs };
    const transformedKeys = new Set<string>();
    const resolvedValues = new Set<string>();
    if (lookups.size === 0) return { data, transformedKeys, resolvedValues };
    for (const [key, value] of Object.entries(configs)) {
      if (value === null) continue;
      const replaced = value.replace(new RegExp(VARIABLE_SOURCE, "g"), (whole: string, provider: string, _g2: unknown, path: string | undefined, name: string) => {
        const replacement = lookups.get(provider)?.get(path ?? "")?.get(name);
        if (replacement === undefined) return whole;
        resolvedValues.add(replacement);
        return replacement;
      });
      if (replaced !== value) {
        data[key] = replaced as V;
        transformedKeys.add(key);
      }
    }
    return { data, transformedKeys, resolvedValues };
  }

  close(): void {
    for (const provider of this.#providers.values()) {
      try {
        provider.close();
      } catch {
        // Closing is best effort.
      }
    }
  }
}

/** A transformer with no providers: every value is returned as is. */
export const NO_CONFIG_TRANSFORMER = new ConfigTransformer(new Map());

/**
 * Kafka's `AbstractHerder#reverseTransform`: task configs generated from a resolved connector config
 * get the connector's placeholders back, so stored task configs hold no resolved secret. A task key
 * that is also a connector key with placeholders takes the connector's raw value (Kafka); beyond
 * Kafka, a task value equal to the resolved value of such a connector key is stored as that key's
 * raw value too (connectors that copy a secret into a differently named task key).
 */
export function reverseTransform(
  rawConnectorConfig: Readonly<Record<string, string>>,
  resolvedConnectorConfig: Readonly<Record<string, string>>,
  taskConfigs: readonly Readonly<Record<string, string>>[],
): Record<string, string>[] {
  const withVariables = Object.keys(rawConnectorConfig).filter((key) => hasVariables(rawConnectorConfig[key]));
  if (withVariables.length === 0) return taskConfigs.map((config) => ({ ...config }));
  const rawByResolved = new Map<string, string>();
  for (const key of withVariables) {
    const raw = rawConnectorConfig[key] as string;
    const resolved = resolvedConnectorConfig[key];
    if (resolved !== undefined && resolved !== raw && !rawByResolved.has(resolved)) rawByResolved.set(resolved, raw);
  }
  return taskConfigs.map((config) => {
    const out: Record<string, string> = { ...config };
    for (const key of withVariables) if (key in out) out[key] = rawConnectorConfig[key] as string;
    for (const [key, value] of Object.entries(out)) {
      if (withVariables.includes(key)) continue;
      const raw = rawByResolved.get(value);
      if (raw !== undefined) out[key] = raw;
    }
    return out;
  });
}
