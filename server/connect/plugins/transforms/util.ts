import {
  BigDecimal,
  CONNECT_VERSION,
  ConfigError,
  DataError,
  SchemaBuilder,
  SinkRecord,
  Struct,
  isPlainObject,
  renderConfigValue,
  type AnyRecord,
  type Field,
  type PluginDescriptor,
  type Predicate,
  type Schema,
  type Transformation,
  type Validator,
} from "../../api";

/**
 * What the built-in transforms share (Kafka's `transforms.util` package): the Requirements checks with
 * Kafka's messages, SchemaUtil, the key/value side of `$Key`/`$Value` variants, schemaless map helpers,
 * a schema cache and Java regex support.
 */

export const TRANSFORMS_PACKAGE = "org.apache.kafka.connect.transforms";

export const REPLACE_NULL_WITH_DEFAULT_CONFIG = "replace.null.with.default";
export const REPLACE_NULL_WITH_DEFAULT_DOC =
  "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.";

/** A schemaless map value: converters produce JS Maps; plain objects are accepted too. */
export type MapValue = Map<unknown, unknown> | Record<string, unknown>;

/** The Java class name Kafka would print for a value (`found: java.lang.String`). */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return "java.lang.String";
    case "boolean":
      return "java.lang.Boolean";
    case "bigint":
      return "java.lang.Long";
    case "number":
      return Number.isInteger(value) ? "java.lang.Integer" : "java.lang.Double";
    default:
      break;
  }
  if (value instanceof Uint8Array) return "[B";
  if (Array.isArray(value)) return "java.util.ArrayList";
  if (value instanceof Map || isPlainObject(value)) return "java.util.HashMap";
  if (value instanceof Struct) return "org.apache.kafka.connect.data.Struct";
  if (value instanceof Date) return "java.util.Date";
  if (value instanceof BigDecimal) return "java.math.BigDecimal";
  if (value instanceof SinkRecord) return "org.apache.kafka.connect.sink.SinkRecord";
  return "org.apache.kafka.connect.source.SourceRecord";
}

export function requireSchema(schema: Schema | null, purpose: string): asserts schema is Schema {
  if (schema === null) throw new DataError(`Schema required for [${purpose}]`);
}

export function isMapValue(value: unknown): value is MapValue {
  return value instanceof Map || isPlainObject(value);
}

export function requireMap(value: unknown, purpose: string): MapValue {
  if (!isMapValue(value)) {
    throw new DataError(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`,
    );
  }
  return value;
}

export function requireMapOrNull(value: unknown, purpose: string): MapValue | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataError(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`);
  }
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function requireSinkRecord(record: AnyRecord, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    throw new DataError(`Only SinkRecord supported for [${purpose}], found: ${javaClassName(record)}`);
  }
  return record;
}

/** Kafka's `SchemaUtil.copySchemaBasics`: name, version, doc and parameters (not optionality). */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  let b = builder;
  if (b === undefined) {
    const type = source.type();
    if (type === "ARRAY") b = SchemaBuilder.array(source.valueSchema() as Schema);
    else if (type === "MAP") b = SchemaBuilder.map(source.keySchema() as Schema, source.valueSchema() as Schema);
    else b = new SchemaBuilder(type);
  }
  b.name(source.name());
  b.version(source.version());
  b.doc(source.doc());
  const params = source.parameters();
  if (params !== null) b.parameters(params);
  return b;
}

/** A struct field's value, falling back to the field default only when asked to (replace.null.with.default). */
export function structFieldValue(struct: Struct, field: Field, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field.name());
}

// Schemaless maps: keep the representation the record came with (a Map stays a Map).

export function mapGet(map: MapValue, key: string): unknown {
  return map instanceof Map ? map.get(key) : Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

export function mapHas(map: MapValue, key: string): boolean {
  return map instanceof Map ? map.has(key) : Object.prototype.hasOwnProperty.call(map, key);
}

export function mapEntriesOf(map: MapValue): [unknown, unknown][] {
  return map instanceof Map ? [...map.entries()] : Object.entries(map);
}

/** An empty map of the same kind as `like`. */
export function newMapLike(like: MapValue): MapValue {
  return like instanceof Map ? new Map<unknown, unknown>() : {};
}

export function mapSet(map: MapValue, key: string, value: unknown): void {
  if (map instanceof Map) map.set(key, value);
  else map[key] = value;
}

export function mapDelete(map: MapValue, key: string): void {
  if (map instanceof Map) map.delete(key);
  else delete map[key];
}

export function copyMap(map: MapValue): MapValue {
  return map instanceof Map ? new Map(map) : { ...map };
}

/**
 * What a transform derives from an input schema (the output schema, or a plan of field pairs), by
 * schema identity: the hot path never rebuilds what it has seen.
 */
export class SchemaCache<T = Schema> {
  #cache = new WeakMap<Schema, T>();
  /** The last schema asked for and what it maps to: records of a stream mostly share one schema. */
  #lastSchema: Schema | null = null;
  #last: T | undefined = undefined;

  get(schema: Schema): T | undefined {
    if (schema === this.#lastSchema) return this.#last;
    const derived = this.#cache.get(schema);
    if (derived !== undefined) {
      this.#lastSchema = schema;
      this.#last = derived;
    }
    return derived;
  }

  set(schema: Schema, derived: T): T {
    this.#cache.set(schema, derived);
    this.#lastSchema = schema;
    this.#last = derived;
    return derived;
  }

  getOrCompute(schema: Schema, compute: (schema: Schema) => T): T {
    const derived = this.get(schema);
    return derived !== undefined ? derived : this.set(schema, compute(schema));
  }

  clear(): void {
    this.#cache = new WeakMap();
    this.#lastSchema = null;
    this.#last = undefined;
  }
}

/** The side of the record a `$Key` or `$Value` variant operates on. */
export interface RecordSide {
  readonly name: "Key" | "Value";
  schema(record: AnyRecord): Schema | null;
  value(record: AnyRecord): unknown;
  newRecord<R extends AnyRecord>(record: R, schema: Schema | null, value: unknown): R;
}

export const KEY: RecordSide = {
  name: "Key",
  schema: (record) => record.keySchema,
  value: (record) => record.key,
  newRecord: <R extends AnyRecord>(r: R, schema: Schema | null, value: unknown): R =>
    r.newRecord(r.topic, r.kafkaPartition, schema, value, r.valueSchema, r.value, r.timestamp) as R,
};

export const VALUE: RecordSide = {
  name: "Value",
  schema: (record) => record.valueSchema,
  value: (record) => record.value,
  newRecord: <R extends AnyRecord>(r: R, schema: Schema | null, value: unknown): R =>
    r.newRecord(r.topic, r.kafkaPartition, r.keySchema, r.key, schema, value, r.timestamp) as R,
};

/** One descriptor per transformation class. */
export function transformation(className: string, create: () => Transformation): PluginDescriptor<Transformation> {
  return { className, types: ["transformation"], version: CONNECT_VERSION, create };
}

export function predicate(className: string, create: () => Predicate): PluginDescriptor<Predicate> {
  return { className, types: ["predicate"], version: CONNECT_VERSION, create };
}

/** The `$Key` and `$Value` descriptors of a transformation (`org.apache.kafka.connect.transforms.<simple>$Key`). */
export function keyValueTransformations(
  simpleName: string,
  create: (side: RecordSide) => Transformation,
): PluginDescriptor<Transformation>[] {
  return [KEY, VALUE].map((side) =>
    transformation(`${TRANSFORMS_PACKAGE}.${simpleName}$${side.name}`, () => create(side)),
  );
}

/** Kafka's `NonEmptyListValidator`. */
export const NON_EMPTY_LIST: Validator = {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw ConfigError.invalidValue(name, renderConfigValue(value), "Empty list");
    }
  },
  toString: () => "non-empty list",
};

/** Kafka's `RegexValidator`: the value must compile as a (Java) regex. */
export const VALID_REGEX: Validator = {
  ensureValid(name: string, value: unknown): void {
    try {
      javaRegex(String(value));
    } catch (err) {
      throw ConfigError.invalidValue(name, renderConfigValue(value), `Invalid regex: ${(err as Error).message}`);
    }
  },
  toString: () => "valid regex",
};

/**
 * A Java regex as a JS RegExp. The common syntax is shared; this maps what differs and users write:
 * leading inline flags `(?i)`/`(?s)`/`(?m)`, `\A`, `\Z`, `\z`, and possessive quantifiers (made greedy).
 */
export function javaRegex(pattern: string, extraFlags = ""): RegExp {
  let source = pattern;
  let flags = extraFlags;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    const given = inline[1] as string;
    if (given.includes("x")) throw new SyntaxError(`Unsupported inline flag (?x) in ${pattern}`);
    for (const f of given) if (!flags.includes(f)) flags += f;
    source = source.slice(inline[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined) throw new SyntaxError(`Unexpected internal error near index ${i + 1}`);
      if (!inClass && next === "A") out += "^";
      else if (!inClass && (next === "Z" || next === "z")) out += "$";
      else out += c + next;
      i++;
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    else if (c === "+" && !inClass && /[*+?}]/.test(source[i - 1] ?? "") && source[i - 2] !== "\\") continue;
    out += c;
  }
  return new RegExp(out, flags);
}

/** `Pattern.matcher(s).matches()`: the whole input must match. */
export function fullMatcher(pattern: string): RegExp {
  const re = javaRegex(pattern);
  return new RegExp(`^(?:${re.source})$`, re.flags);
}

/**
 * Java's `Matcher.appendReplacement` substitution: `$n` and `${name}` refer to groups, `\x` is a
 * literal x. Used by RegexRouter.
 */
export function javaReplacement(match: RegExpExecArray, replacement: string): string {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === "\\") {
      i++;
      if (i >= replacement.length) throw new Error("character to be escaped is missing");
      out += replacement[i];
    } else if (c === "$") {
      i++;
      if (i >= replacement.length) throw new Error("Illegal group reference: group index is missing");
      if (replacement[i] === "{") {
        const end = replacement.indexOf("}", i);
        if (end < 0) throw new Error("named capturing group is missing trailing '}'");
        const name = replacement.slice(i + 1, end);
        const groups = match.groups ?? {};
        if (!Object.prototype.hasOwnProperty.call(groups, name)) throw new Error(`No group with name {${name}}`);
        out += groups[name] ?? "";
        i = end;
      } else {
        let digits = replacement[i] as string;
        if (!/[0-9]/.test(digits)) throw new Error("Illegal group reference");
        let group = Number(digits);
        if (group >= match.length) throw new Error(`No group ${group}`);
        // Java takes further digits while the group number stays valid.
        while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1] as string)) {
          const longer = Number(digits + replacement[i + 1]);
          if (longer >= match.length) break;
          digits += replacement[i + 1];
          group = longer;
          i++;
        }
        out += match[group] ?? "";
      }
    } else {
      out += c;
    }
  }
  return out;
}
