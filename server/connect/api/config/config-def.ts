import { ConfigError } from "../errors";
import { formatDouble } from "../data/number-format";
import { Password, renderConfigValue, type ConfigType, type Importance, type Width } from "./types";
import type { Validator } from "./validators";

/** Marks a key without a default: it must be set (`required: true` in ConfigKeyInfo). */
export const NO_DEFAULT_VALUE: unique symbol = Symbol("NO_DEFAULT_VALUE");

/** Parsed values of a config, by key. */
export type ParsedConfig = Readonly<Record<string, unknown>>;

/** Recommends values and decides visibility from the other (parsed) values; used by validation. */
export interface Recommender {
  validValues(name: string, parsedConfig: ParsedConfig): unknown[];
  visible(name: string, parsedConfig: ParsedConfig): boolean;
}

export interface ParseOptions {
  /**
   * Resolves a CLASS value (class name or alias) to its canonical class name, or undefined when
   * unknown (→ `Class X could not be found.`). Without a resolver CLASS values are kept as given.
   */
  resolveClass?: (name: string) => string | undefined;
}

/** Input config maps: connector configs are string maps; JSON nulls and typed values are accepted too. */
export type ConfigInput = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

export interface ConfigKeyDefinition {
  name: string;
  type: ConfigType;
  /** Omitted (or undefined) means required; `null` is a default of null. Strings are parsed as input. */
  defaultValue?: unknown;
  validator?: Validator | null;
  importance: Importance;
  documentation?: string | null;
  group?: string | null;
  /** -1 when the key has no place in a group. */
  orderInGroup?: number;
  width?: Width;
  /** Defaults to the key name. */
  displayName?: string;
  dependents?: readonly string[];
  recommender?: Recommender | null;
  internalConfig?: boolean;
}

/** One defined key with all of Kafka's metadata. The default is already parsed and validated. */
export class ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue: unknown;
  readonly validator: Validator | null;
  readonly importance: Importance;
  readonly documentation: string | null;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly recommender: Recommender | null;
  readonly internalConfig: boolean;

  constructor(def: ConfigKeyDefinition) {
    this.name = def.name;
    this.type = def.type;
    const hasDefault = def.defaultValue !== undefined && def.defaultValue !== NO_DEFAULT_VALUE;
    this.defaultValue = hasDefault ? parseType(def.name, def.defaultValue, def.type) : NO_DEFAULT_VALUE;
    this.validator = def.validator ?? null;
    if (this.validator !== null && hasDefault) this.validator.ensureValid(def.name, this.defaultValue);
    this.importance = def.importance;
    this.documentation = def.documentation ?? null;
    this.group = def.group ?? null;
    this.orderInGroup = def.orderInGroup ?? -1;
    this.width = def.width ?? "NONE";
    this.displayName = def.displayName ?? def.name;
    this.dependents = [...(def.dependents ?? [])];
    this.recommender = def.recommender ?? null;
    this.internalConfig = def.internalConfig ?? false;
  }

  hasDefault(): boolean {
    return this.defaultValue !== NO_DEFAULT_VALUE;
  }
}

/** The outcome of validating one key: its parsed value, errors, recommended values and visibility. */
export class ConfigValue {
  readonly name: string;
  value: unknown;
  recommendedValues: unknown[];
  readonly errorMessages: string[];
  visible: boolean;

  constructor(name: string, value: unknown = null, recommendedValues: unknown[] = [], errorMessages: string[] = []) {
    this.name = name;
    this.value = value;
    this.recommendedValues = recommendedValues;
    this.errorMessages = errorMessages;
    this.visible = true;
  }

  addErrorMessage(message: string): void {
    this.errorMessages.push(message);
  }

  toString(): string {
    return `[${this.name},${renderConfigValue(this.value)},[${this.recommendedValues.map((v) => renderConfigValue(v)).join(", ")}],[${this.errorMessages.join(", ")}],${this.visible}]`;
  }
}

function has(props: ConfigInput, key: string): boolean {
  return props instanceof Map ? props.has(key) : Object.prototype.hasOwnProperty.call(props, key);
}

function get(props: ConfigInput, key: string): unknown {
  return props instanceof Map ? props.get(key) : (props as Readonly<Record<string, unknown>>)[key];
}

/**
 * A config definition, as Kafka's ConfigDef: the keys a plugin accepts with their types, defaults,
 * validators and UI metadata. It parses string maps into typed values (`parse`), validates them for
 * the REST API (`validateAll`), and is the source of the console's generated forms.
 */
export class ConfigDef {
  readonly #keys = new Map<string, ConfigKey>();
  readonly #groups: string[] = [];

  constructor(base?: ConfigDef) {
    if (base) {
      for (const [name, key] of base.#keys) this.#keys.set(name, key);
      this.#groups.push(...base.#groups);
    }
  }

  /** Defines a key; throws ConfigError when it is defined twice or its default is invalid. */
  define(definition: ConfigKeyDefinition | ConfigKey): this {
    const key = definition instanceof ConfigKey ? definition : new ConfigKey(definition);
    if (this.#keys.has(key.name)) throw new ConfigError(`Configuration ${key.name} is defined twice.`, { key: key.name });
    if (key.group !== null && !this.#groups.includes(key.group)) this.#groups.push(key.group);
    this.#keys.set(key.name, key);
    return this;
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.#keys;
  }

  /** Groups in the order their first key was defined. */
  groups(): readonly string[] {
    return this.#groups;
  }

  defaultValues(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of this.#keys.values()) if (key.hasDefault()) out[key.name] = key.defaultValue;
    return out;
  }

  /**
   * Parses and validates every defined key (undefined keys in `props` are ignored). Throws ConfigError
   * on the first missing or invalid value, as Kafka's `ConfigDef.parse`.
   */
  parse(props: ConfigInput, options: ParseOptions = {}): Record<string, unknown> {
    const undefinedKeys = this.#undefinedDependentConfigs();
    if (undefinedKeys.length > 0) {
      throw new ConfigError(
        `Some configurations in are referred in the dependents, but not defined: ${undefinedKeys.join(",")}`,
      );
    }
    const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of this.#keys.values()) {
      values[key.name] = this.parseValue(key, get(props, key.name), has(props, key.name), options);
    }
    return values;
  }

  parseValue(key: ConfigKey, value: unknown, isSet: boolean, options: ParseOptions = {}): unknown {
    let parsed: unknown;
    if (isSet) parsed = parseType(key.name, value, key.type, options);
    else if (!key.hasDefault()) throw ConfigError.missing(key.name);
    else parsed = key.defaultValue;
    key.validator?.ensureValid(key.name, parsed);
    return parsed;
  }

  /** Validation results in definition order (see {@link ConfigDef.validateAll}). */
  validate(props: ConfigInput, options: ParseOptions = {}): ConfigValue[] {
    return [...this.validateAll(props, options).values()];
  }

  /**
   * Kafka's `validateAll`: one ConfigValue per defined key (in definition order), carrying the parsed
   * value (the default when unset), every parse/missing/validator error, and the recommender's
   * recommended values and visibility. Dependents that are not defined get an entry with an error.
   */
  validateAll(props: ConfigInput, options: ParseOptions = {}): Map<string, ConfigValue> {
    const configValues = new Map<string, ConfigValue>();
    for (const name of this.#keys.keys()) configValues.set(name, new ConfigValue(name));
    for (const undefinedKey of this.#undefinedDependentConfigs()) {
      const value = new ConfigValue(undefinedKey);
      value.addErrorMessage(`${undefinedKey} is referred in the dependents, but not defined.`);
      value.visible = false;
      configValues.set(undefinedKey, value);
    }

    const parsed: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const roots = this.#configsWithNoParent();
    for (const name of roots) this.#parseForValidate(name, props, parsed, configValues, options);
    for (const name of roots) this.#validateRecommended(name, parsed, configValues);
    return configValues;
  }

  #parseForValidate(
    name: string,
    props: ConfigInput,
    parsed: Record<string, unknown>,
    configValues: Map<string, ConfigValue>,
    options: ParseOptions,
  ): void {
    const key = this.#keys.get(name);
    const config = configValues.get(name);
    if (!key || !config) return;
    let value: unknown = null;
    if (has(props, name)) {
      try {
        value = parseType(name, get(props, name), key.type, options);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        config.addErrorMessage(err.message);
      }
    } else if (!key.hasDefault()) {
      config.addErrorMessage(ConfigError.missing(name).message);
    } else {
      value = key.defaultValue;
    }
    if (key.validator) {
      try {
        key.validator.ensureValid(name, value);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        config.addErrorMessage(err.message);
      }
    }
    config.value = value;
    parsed[name] = value;
    for (const dependent of key.dependents) this.#parseForValidate(dependent, props, parsed, configValues, options);
  }

  #validateRecommended(name: string, parsed: ParsedConfig, configValues: Map<string, ConfigValue>): void {
    const key = this.#keys.get(name);
    const value = configValues.get(name);
    if (!key || !value) return;
    if (key.recommender) {
      try {
        let recommended = key.recommender.validValues(name, parsed);
        const original = value.recommendedValues;
        if (original.length > 0) recommended = recommended.filter((v) => original.includes(v));
        value.recommendedValues = recommended;
        value.visible = key.recommender.visible(name, parsed);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        value.addErrorMessage(err.message);
      }
    }
    for (const dependent of key.dependents) this.#validateRecommended(dependent, parsed, configValues);
  }

  #undefinedDependentConfigs(): string[] {
    const missing = new Set<string>();
    for (const key of this.#keys.values()) {
      for (const dependent of key.dependents) if (!this.#keys.has(dependent)) missing.add(dependent);
    }
    return [...missing];
  }

  #configsWithNoParent(): string[] {
    const withParent = new Set<string>();
    for (const key of this.#keys.values()) for (const d of key.dependents) withParent.add(d);
    return [...this.#keys.keys()].filter((name) => !withParent.has(name));
  }

  /** Keys ordered as Kafka documents them: by group, order in group, required first, importance, name. */
  sortedConfigs(): ConfigKey[] {
    const groupOrd = new Map(this.#groups.map((g, i) => [g, i]));
    const importanceOrd: Record<Importance, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
    return [...this.#keys.values()].sort((a, b) => {
      const ga = a.group === null ? -1 : (groupOrd.get(a.group) ?? 0);
      const gb = b.group === null ? -1 : (groupOrd.get(b.group) ?? 0);
      if (ga !== gb) return ga - gb;
      if (a.orderInGroup !== b.orderInGroup) return a.orderInGroup - b.orderInGroup;
      if (!a.hasDefault() && b.hasDefault()) return -1;
      if (a.hasDefault() && !b.hasDefault()) return 1;
      const byImportance = importanceOrd[a.importance] - importanceOrd[b.importance];
      if (byImportance !== 0) return byImportance;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
  }

  /**
   * Adds a child definition's keys under `keyPrefix` in group `groupPrefix[: childGroup]`, numbered
   * from `startingOrd` (how connector configs embed each transform's and predicate's keys).
   */
  embed(keyPrefix: string, groupPrefix: string, startingOrd: number, child: ConfigDef): void {
    let orderInGroup = startingOrd;
    for (const key of child.sortedConfigs()) {
      const validator = key.validator;
      const recommender = key.recommender;
      this.define({
        name: keyPrefix + key.name,
        type: key.type,
        // Already parsed; parsing again is a no-op for typed values.
        defaultValue: key.hasDefault() ? key.defaultValue : undefined,
        validator: validator && {
          ensureValid: (name, value) => validator.ensureValid(name.slice(keyPrefix.length), value),
          toString: () => validator.toString(),
        },
        importance: key.importance,
        documentation: key.documentation,
        group: groupPrefix + (key.group === null ? "" : `: ${key.group}`),
        orderInGroup: orderInGroup++,
        width: key.width,
        displayName: key.displayName,
        dependents: key.dependents.map((d) => keyPrefix + d),
        recommender: recommender && embeddedRecommender(keyPrefix, recommender),
        internalConfig: key.internalConfig,
      });
    }
  }
}

function embeddedRecommender(keyPrefix: string, base: Recommender): Recommender {
  const unprefixed = (parsed: ParsedConfig): ParsedConfig => {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(parsed)) if (k.startsWith(keyPrefix)) out[k.slice(keyPrefix.length)] = v;
    return out;
  };
  return {
    validValues: (name, parsed) => base.validValues(name.slice(keyPrefix.length), unprefixed(parsed)),
    visible: (name, parsed) => base.visible(name.slice(keyPrefix.length), unprefixed(parsed)),
  };
}

const INT_RANGES = {
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

class NotANumber extends Error {}

/** Java's Integer/Short/Long.parseLong: optional sign, digits only, in range. */
function parseIntegral(text: string, type: "INT" | "SHORT" | "LONG"): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new NotANumber();
  const n = BigInt(text);
  const [min, max] = INT_RANGES[type];
  if (n < min || n > max) throw new NotANumber();
  return n;
}

function jsTypeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as { constructor?: { name?: string } }).constructor?.name ?? "Object";
  return typeof value;
}

/**
 * Kafka's `ConfigDef.parseType`: converts an input (normally a string, trimmed first) to the key's
 * type. Already-typed values are accepted. Errors are ConfigErrors with Kafka's messages.
 */
export function parseType(name: string, value: unknown, type: ConfigType, options: ParseOptions = {}): unknown {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === "string" ? value.trim() : null;
  const fail = (reason: string): never => {
    throw ConfigError.invalidValue(name, renderConfigValue(value), reason);
  };
  try {
    switch (type) {
      case "BOOLEAN":
        if (trimmed !== null) {
          if (trimmed.toLowerCase() === "true") return true;
          if (trimmed.toLowerCase() === "false") return false;
          return fail("Expected value to be either true or false");
        }
        return typeof value === "boolean" ? value : fail("Expected value to be either true or false");
      case "PASSWORD":
        if (value instanceof Password) return value;
        if (trimmed !== null) return new Password(trimmed);
        return fail(`Expected value to be a string, but it was a ${jsTypeName(value)}`);
      case "STRING":
        return trimmed ?? fail(`Expected value to be a string, but it was a ${jsTypeName(value)}`);
      case "INT":
      case "SHORT": {
        const [min, max] = INT_RANGES[type];
        if (typeof value === "number" && Number.isInteger(value) && value >= Number(min) && value <= Number(max)) {
          return value;
        }
        if (trimmed !== null) return Number(parseIntegral(trimmed, type));
        return fail(
          type === "INT"
            ? `Expected value to be a 32-bit integer, but it was a ${jsTypeName(value)}`
            : `Expected value to be a 16-bit integer (short), but it was a ${jsTypeName(value)}`,
        );
      }
      case "LONG":
        if (typeof value === "bigint" && value >= INT_RANGES.LONG[0] && value <= INT_RANGES.LONG[1]) return value;
        if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
        if (trimmed !== null) return parseIntegral(trimmed, "LONG");
        return fail(`Expected value to be a 64-bit integer (long), but it was a ${jsTypeName(value)}`);
      case "DOUBLE":
        if (typeof value === "number") return value;
        if (typeof value === "bigint") return Number(value);
        if (trimmed !== null) {
          if (!JAVA_DOUBLE.test(trimmed)) throw new NotANumber();
          return Number(trimmed.replace(/[fFdD]$/, ""));
        }
        return fail(`Expected value to be a double, but it was a ${jsTypeName(value)}`);
      case "LIST":
        if (Array.isArray(value)) return value;
        if (trimmed !== null) return trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
        return fail("Expected a comma separated list.");
      case "CLASS": {
        if (trimmed === null) return fail("Expected a Class instance or class name.");
        if (!options.resolveClass) return trimmed;
        return options.resolveClass(trimmed) ?? fail(`Class ${String(value)} could not be found.`);
      }
    }
  } catch (err) {
    if (err instanceof NotANumber) return fail(`Not a number of type ${type}`);
    throw err;
  }
}

/**
 * Kafka's `ConfigDef.convertToString`: a parsed value as the REST API shows it (`default_value`,
 * validation `value`): lists comma-joined, passwords `[hidden]`, doubles in Java form, null as null.
 */
export function convertToString(value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined || value === NO_DEFAULT_VALUE) return null;
  if (type === "LIST" && Array.isArray(value)) return value.map((v) => convertToString(v, null) ?? "null").join(",");
  if (value instanceof Password) return Password.HIDDEN;
  if (typeof value === "number") {
    if (type === "DOUBLE" || !Number.isSafeInteger(value)) return formatDouble(value);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => convertToString(v, null) ?? "null").join(", ")}]`;
  return String(value);
}
