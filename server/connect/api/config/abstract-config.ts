import { ConfigError } from "../errors";
import { ConfigDef, type ConfigInput, type ParseOptions } from "./config-def";
import { Password, type ConfigType } from "./types";

/**
 * Typed access to a config parsed by its ConfigDef (Kafka's AbstractConfig). Construction parses and
 * validates every key and throws ConfigError on the first problem; getters then never fail for
 * defined keys. Getters return null when the value (or its default) is null.
 */
export class AbstractConfig {
  readonly definition: ConfigDef;
  readonly #originals: ReadonlyMap<string, unknown>;
  readonly #values: Readonly<Record<string, unknown>>;
  readonly #used = new Set<string>();

  constructor(definition: ConfigDef, originals: ConfigInput, options: ParseOptions = {}) {
    this.definition = definition;
    this.#originals = new Map(originals instanceof Map ? originals : Object.entries(originals));
    this.#values = definition.parse(this.#originals, options);
  }

  /** The parsed value of a defined key; ConfigError for keys the definition does not have. */
  get(key: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.#values, key)) {
      throw new ConfigError(`Unknown configuration '${key}'`, { key });
    }
    this.#used.add(key);
    return this.#values[key];
  }

  #typed<T>(key: string, type: ConfigType, check: (v: unknown) => v is T): T | null {
    const value = this.get(key);
    if (value === null || value === undefined) return null;
    if (!check(value)) {
      const actual = this.typeOf(key);
      throw new ConfigError(`Configuration ${key} is of type ${actual ?? "unknown"}, not ${type}`, { key });
    }
    return value;
  }

  getBoolean(key: string): boolean | null {
    return this.#typed(key, "BOOLEAN", (v): v is boolean => typeof v === "boolean");
  }

  /** The string value, trimmed. */
  getString(key: string): string | null {
    return this.#typed(key, "STRING", (v): v is string => typeof v === "string")?.trim() ?? null;
  }

  getInt(key: string): number | null {
    return this.#typed(key, "INT", (v): v is number => typeof v === "number");
  }

  getShort(key: string): number | null {
    return this.#typed(key, "SHORT", (v): v is number => typeof v === "number");
  }

  /** LONG values are exact bigints; see {@link AbstractConfig.getLongNumber} for a number. */
  getLong(key: string): bigint | null {
    return this.#typed(key, "LONG", (v): v is bigint => typeof v === "bigint");
  }

  /** A LONG as a number (durations, sizes); values beyond 2^53 lose precision. */
  getLongNumber(key: string): number | null {
    const value = this.getLong(key);
    return value === null ? null : Number(value);
  }

  getDouble(key: string): number | null {
    return this.#typed(key, "DOUBLE", (v): v is number => typeof v === "number");
  }

  getList(key: string): string[] | null {
    return this.#typed(key, "LIST", (v): v is string[] => Array.isArray(v));
  }

  getPassword(key: string): Password | null {
    return this.#typed(key, "PASSWORD", (v): v is Password => v instanceof Password);
  }

  /** The class name of a CLASS key (canonical when the config was parsed with a class resolver). */
  getClass(key: string): string | null {
    return this.#typed(key, "CLASS", (v): v is string => typeof v === "string");
  }

  typeOf(key: string): ConfigType | null {
    return this.definition.configKeys().get(key)?.type ?? null;
  }

  documentationOf(key: string): string | null {
    return this.definition.configKeys().get(key)?.documentation ?? null;
  }

  /** Marks a key as used without reading it. */
  ignore(key: string): void {
    this.#used.add(key);
  }

  /** Original keys that were never read. */
  unused(): Set<string> {
    return new Set([...this.#originals.keys()].filter((k) => !this.#used.has(k)));
  }

  /** A copy of the original (unparsed) map. */
  originals(): Record<string, unknown> {
    return Object.fromEntries(this.#originals);
  }

  /** The originals, all of which must be strings (ConfigError otherwise). */
  originalsStrings(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.#originals) {
      if (typeof v !== "string") {
        throw new ConfigError(`Non-string value found in original settings for key ${k}: ${v === null ? "null" : typeof v}`);
      }
      out[k] = v;
    }
    return out;
  }

  /** Originals whose key starts with `prefix`, with the prefix removed unless `strip` is false. */
  originalsWithPrefix(prefix: string, strip = true): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.#originals) {
      if (k.startsWith(prefix) && k.length > prefix.length) out[strip ? k.slice(prefix.length) : k] = v;
    }
    return out;
  }

  /**
   * Parsed values, where a key set as `<prefix><key>` in the originals (and defined) takes that value
   * instead: Kafka's `valuesWithPrefixOverride`.
   */
  valuesWithPrefixOverride(prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.#values };
    for (const [k, v] of Object.entries(this.originalsWithPrefix(prefix))) {
      const key = this.definition.configKeys().get(k);
      if (key) out[k] = this.definition.parseValue(key, v, true);
    }
    return out;
  }

  /** All parsed values. */
  values(): Record<string, unknown> {
    return { ...this.#values };
  }
}
