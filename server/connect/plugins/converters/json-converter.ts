import {
  AbstractConfig,
  BigDecimal,
  CONNECT_VERSION,
  CaseInsensitiveValidString,
  ConnectDate,
  ConnectSchema,
  DataError,
  Decimal,
  JsonNumber,
  JsonParseError,
  SchemaAndValue,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  describeValue,
  isValueOfType,
  jsonNodeType,
  mapEntries,
  newConverterConfigDef,
  parseJson,
  schemaEquals,
  withConverterType,
  writeJson,
  writeJsonBytes,
  type ConfigDef,
  type Converter,
  type ConverterConfigs,
  type ConverterPlugin,
  type HeaderConverter,
  type Headers,
  type JsonObject,
  type JsonValue,
  type Schema,
  type SchemaType,
} from "../../api";

/**
 * org.apache.kafka.connect.json.JsonConverter: JSON with an optional schema envelope, byte-for-byte
 * as Kafka Connect writes it:
 *
 *   {"schema":{"type":"string","optional":false},"payload":"foo"}
 *
 * With `schemas.enable=false` only the payload is written, and reading infers types (integers →
 * INT64 as bigint, other numbers → FLOAT64, objects → MAP, arrays → ARRAY) with a null schema.
 */

const CLASS_NAME = "org.apache.kafka.connect.json.JsonConverter";

export const SCHEMAS_ENABLE_CONFIG = "schemas.enable";
export const SCHEMAS_CACHE_SIZE_CONFIG = "schemas.cache.size";
export const DECIMAL_FORMAT_CONFIG = "decimal.format";
export const REPLACE_NULL_WITH_DEFAULT_CONFIG = "replace.null.with.default";

export type DecimalFormat = "BASE64" | "NUMERIC";

const CONFIG_DEF: ConfigDef = newConverterConfigDef()
  .define({
    name: SCHEMAS_ENABLE_CONFIG,
    type: "BOOLEAN",
    defaultValue: true,
    importance: "HIGH",
    documentation: "Include schemas within each of the serialized values and keys.",
    group: "Schemas",
    orderInGroup: 0,
    width: "MEDIUM",
    displayName: "Enable Schemas",
  })
  .define({
    name: SCHEMAS_CACHE_SIZE_CONFIG,
    type: "INT",
    defaultValue: 1000,
    importance: "HIGH",
    documentation: "The maximum number of schemas that can be cached in this converter instance.",
    group: "Schemas",
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Schema Cache Size",
  })
  .define({
    name: DECIMAL_FORMAT_CONFIG,
    type: "STRING",
    defaultValue: "BASE64",
    validator: CaseInsensitiveValidString.in("BASE64", "NUMERIC"),
    importance: "LOW",
    documentation:
      "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: "Serialization",
    orderInGroup: 0,
    width: "MEDIUM",
    displayName: "Decimal Format",
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT_CONFIG,
    type: "BOOLEAN",
    defaultValue: true,
    importance: "LOW",
    documentation:
      "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.",
    group: "Serialization",
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Replace null with default",
  });

interface Settings {
  schemasEnabled: boolean;
  cacheSize: number;
  decimalFormat: DecimalFormat;
  replaceNullWithDefault: boolean;
}

const ENVELOPE_CHECK_MESSAGE =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields.' +
  " If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

const JSON_TYPE_NAMES: Record<SchemaType, string> = {
  BOOLEAN: "boolean",
  INT8: "int8",
  INT16: "int16",
  INT32: "int32",
  INT64: "int64",
  FLOAT32: "float",
  FLOAT64: "double",
  BYTES: "bytes",
  STRING: "string",
  ARRAY: "array",
  MAP: "map",
  STRUCT: "struct",
};

const SCHEMA_BUILDERS: Record<string, () => SchemaBuilder> = {
  boolean: () => SchemaBuilder.bool(),
  int8: () => SchemaBuilder.int8(),
  int16: () => SchemaBuilder.int16(),
  int32: () => SchemaBuilder.int32(),
  int64: () => SchemaBuilder.int64(),
  float: () => SchemaBuilder.float32(),
  double: () => SchemaBuilder.float64(),
  bytes: () => SchemaBuilder.bytes(),
  string: () => SchemaBuilder.string(),
};

/** A small least-recently-used cache (Map keeps insertion order; a hit re-inserts). */
class LruCache<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  constructor(max: number) {
    this.#max = max;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Strict base64 (standard alphabet, padding required), as Kafka's JSON reader decodes binary text. */
function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/[\x00-\x20]/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new DataError(`Illegal base64 content: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return Buffer.from(compact, "base64");
}

function isJsonObject(node: JsonValue | undefined): node is JsonObject {
  return node instanceof Map;
}

export class JsonConverter implements Converter, HeaderConverter {
  #settings: Settings = { schemasEnabled: true, cacheSize: 1000, decimalFormat: "BASE64", replaceNullWithDefault: true };
  #fromConnectSchemaCache = new LruCache<Schema, JsonObject>(1000);
  #toConnectSchemaCache = new LruCache<string, Schema>(1000);

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  /** As a converter pass `isKey`; as a header converter the configs carry `converter.type=header`. */
  configure(configs: ConverterConfigs, isKey?: boolean): void {
    const config = new AbstractConfig(CONFIG_DEF, isKey === undefined ? configs : withConverterType(configs, isKey));
    this.#settings = {
      schemasEnabled: config.getBoolean(SCHEMAS_ENABLE_CONFIG) ?? true,
      cacheSize: config.getInt(SCHEMAS_CACHE_SIZE_CONFIG) ?? 1000,
      decimalFormat: (config.getString(DECIMAL_FORMAT_CONFIG) ?? "BASE64").toUpperCase() as DecimalFormat,
      replaceNullWithDefault: config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true,
    };
    this.#fromConnectSchemaCache = new LruCache(this.#settings.cacheSize);
    this.#toConnectSchemaCache = new LruCache(this.#settings.cacheSize);
  }

  fromConnectData(topic: string, _headers: Headers | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = this.#convertToJson(schema, value);
    const json: JsonValue = this.#settings.schemasEnabled
      ? new Map<string, JsonValue>([
          ["schema", this.asJsonSchema(schema)],
          ["payload", payload],
        ])
      : payload;
    return writeJsonBytes(json);
  }

  toConnectData(topic: string, _headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue {
    // A tombstone.
    if (bytes === null) return SchemaAndValue.NULL;
    let json: JsonValue | undefined;
    try {
      json = parseJson(bytes);
    } catch (err) {
      if (!(err instanceof JsonParseError)) throw err;
      throw new DataError("Converting byte[] to Kafka Connect data failed due to serialization error: ", { cause: err });
    }
    if (!this.#settings.schemasEnabled) return new SchemaAndValue(null, this.#convertToConnect(null, json));
    if (!isJsonObject(json) || json.size !== 2 || !json.has("schema") || !json.has("payload")) {
      throw new DataError(ENVELOPE_CHECK_MESSAGE);
    }
    const schema = this.asConnectSchema(json.get("schema") ?? null);
    return new SchemaAndValue(schema, this.#convertToConnect(schema, json.get("payload")));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, bytes);
  }

  close(): void {}

  /** The JSON form of a schema (null for no schema), as written in the envelope's `schema` field. */
  asJsonSchema(schema: Schema | null): JsonValue {
    if (schema === null) return null;
    const cached = this.#fromConnectSchemaCache.get(schema);
    if (cached) return cached;

    const node: JsonObject = new Map<string, JsonValue>([["type", JSON_TYPE_NAMES[schema.type()]]]);
    switch (schema.type()) {
      case "ARRAY":
        node.set("items", this.asJsonSchema(schema.valueSchema()));
        break;
      case "MAP":
        node.set("keys", this.asJsonSchema(schema.keySchema()));
        node.set("values", this.asJsonSchema(schema.valueSchema()));
        break;
      case "STRUCT":
        node.set(
          "fields",
          schema.fields().map((field) => {
            const fieldNode = new Map(this.asJsonSchema(field.schema()) as JsonObject);
            fieldNode.set("field", field.name());
            return fieldNode;
          }),
        );
        break;
      default:
        break;
    }
    node.set("optional", schema.isOptional());
    const name = schema.name();
    if (name !== null) node.set("name", name);
    const version = schema.version();
    if (version !== null) node.set("version", JsonNumber.ofInteger(version));
    const doc = schema.doc();
    if (doc !== null) node.set("doc", doc);
    const parameters = schema.parameters();
    if (parameters !== null) node.set("parameters", new Map(parameters));
    const defaultValue = schema.defaultValue();
    if (defaultValue !== null && defaultValue !== undefined) node.set("default", this.#convertToJson(schema, defaultValue));

    this.#fromConnectSchemaCache.set(schema, node);
    return node;
  }

  /** The Connect schema a JSON schema describes (null for JSON null). */
  asConnectSchema(json: JsonValue | undefined): Schema | null {
    if (json === null || json === undefined) return null;
    const cacheKey = writeJson(json);
    const cached = this.#toConnectSchemaCache.get(cacheKey);
    if (cached) return cached;

    const field = (name: string): JsonValue | undefined => (isJsonObject(json) ? json.get(name) : undefined);
    const typeNode = field("type");
    if (typeof typeNode !== "string") throw new DataError("Schema must contain 'type' field");

    let builder: SchemaBuilder;
    const primitive = SCHEMA_BUILDERS[typeNode];
    if (primitive) {
      builder = primitive();
    } else if (typeNode === "array") {
      const items = field("items");
      if (items === undefined || items === null) throw new DataError("Array schema did not specify the element type");
      builder = SchemaBuilder.array(this.asConnectSchema(items) as Schema);
    } else if (typeNode === "map") {
      const keys = field("keys");
      if (keys === undefined) throw new DataError("Map schema did not specify the key type");
      const values = field("values");
      if (values === undefined) throw new DataError("Map schema did not specify the value type");
      builder = SchemaBuilder.map(this.asConnectSchema(keys) as Schema, this.asConnectSchema(values) as Schema);
    } else if (typeNode === "struct") {
      builder = SchemaBuilder.struct();
      const fields = field("fields");
      if (!Array.isArray(fields)) throw new DataError('Struct schema\'s "fields" argument is not an array.');
      for (const fieldNode of fields) {
        const fieldName = isJsonObject(fieldNode) ? fieldNode.get("field") : undefined;
        if (typeof fieldName !== "string") throw new DataError("Struct schema's field name not specified properly");
        builder.field(fieldName, this.asConnectSchema(fieldNode) as Schema);
      }
    } else {
      throw new DataError(`Unknown schema type: ${typeNode}`);
    }

    if (field("optional") === true) builder.optional();
    else builder.required();
    const name = field("name");
    if (typeof name === "string") builder.name(name);
    const version = field("version");
    if (version instanceof JsonNumber && version.isIntegral()) builder.version(version.intValue());
    const doc = field("doc");
    if (typeof doc === "string") builder.doc(doc);
    const parameters = field("parameters");
    if (isJsonObject(parameters)) {
      for (const [k, v] of parameters) {
        if (typeof v !== "string") throw new DataError("Schema parameters must have string values.");
        builder.parameter(k, v);
      }
    }
    const defaultNode = field("default");
    if (defaultNode !== undefined) builder.defaultValue(this.#convertToConnect(builder, defaultNode));

    const result = builder.build();
    this.#toConnectSchemaCache.set(cacheKey, result);
    return result;
  }

  #convertToJson(schema: Schema | null, value: unknown): JsonValue {
    if (value === null || value === undefined) {
      // Without a schema anything goes, so null is fine.
      if (schema === null) return null;
      const defaultValue = schema.defaultValue();
      if (defaultValue !== null && defaultValue !== undefined && this.#settings.replaceNullWithDefault) {
        return this.#convertToJson(schema, defaultValue);
      }
      if (schema.isOptional()) return null;
      throw new DataError("Conversion error: null value for field that is required and has no default value");
    }

    const logicalName = schema?.name();
    if (schema && logicalName) {
      const logical = this.#logicalToJson(schema, logicalName, value);
      if (logical !== undefined) return logical;
    }

    let type: SchemaType;
    if (schema === null) {
      const inferred = ConnectSchema.schemaTypeOf(value);
      if (inferred === null) {
        throw new DataError(`Value of type ${describeValue(value)} does not have corresponding schema type.`);
      }
      type = inferred;
    } else {
      type = schema.type();
    }
    const invalid = (): DataError =>
      new DataError(`Invalid type for ${schema ? schema.type() : "unknown schema"}: ${describeValue(value)}`);

    switch (type) {
      case "INT8":
      case "INT16":
      case "INT32":
      case "INT64":
        if (!isValueOfType(type, value)) throw invalid();
        return JsonNumber.ofInteger(value as number | bigint);
      case "FLOAT32":
      case "FLOAT64": {
        if (typeof value !== "number") throw invalid();
        const number = type === "FLOAT32" ? JsonNumber.ofFloat32(value) : JsonNumber.ofFloat64(value);
        // Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity".
        return Number.isFinite(value) ? number : number.text;
      }
      case "BOOLEAN":
        if (typeof value !== "boolean") throw invalid();
        return value;
      case "STRING":
        if (typeof value !== "string") throw invalid();
        return value;
      case "BYTES":
        if (!(value instanceof Uint8Array)) throw new DataError(`Invalid type for bytes type: ${describeValue(value)}`);
        return base64(value);
      case "ARRAY": {
        if (!Array.isArray(value)) throw invalid();
        const elementSchema = schema ? schema.valueSchema() : null;
        return value.map((element) => this.#convertToJson(elementSchema, element));
      }
      case "MAP": {
        if (!isValueOfType("MAP", value)) throw invalid();
        const entries = mapEntries(value as Map<unknown, unknown>);
        const keySchema = schema ? schema.keySchema() : null;
        const valueSchema = schema ? schema.valueSchema() : null;
        // String keys make a JSON object; any other key type an array of [key, value] pairs.
        const objectMode = schema ? keySchema?.type() === "STRING" : entries.every(([k]) => typeof k === "string");
        if (objectMode) {
          const obj: JsonObject = new Map();
          for (const [k, v] of entries) {
            const keyJson = this.#convertToJson(keySchema, k);
            obj.set(typeof keyJson === "string" ? keyJson : writeJson(keyJson), this.#convertToJson(valueSchema, v));
          }
          return obj;
        }
        return entries.map(([k, v]) => [this.#convertToJson(keySchema, k), this.#convertToJson(valueSchema, v)]);
      }
      case "STRUCT": {
        if (!(value instanceof Struct)) throw invalid();
        if (schema === null || !schemaEquals(value.schema(), schema)) throw new DataError("Mismatching schema.");
        const obj: JsonObject = new Map();
        for (const field of schema.fields()) {
          obj.set(field.name(), this.#convertToJson(field.schema(), value.getWithoutDefault(field.name())));
        }
        return obj;
      }
    }
  }

  #logicalToJson(schema: Schema, name: string, value: unknown): JsonValue | undefined {
    switch (name) {
      case Decimal.LOGICAL_NAME:
        if (!(value instanceof BigDecimal)) {
          throw new DataError(`Invalid type for Decimal, expected BigDecimal but was ${describeValue(value)}`);
        }
        return this.#settings.decimalFormat === "NUMERIC"
          ? JsonNumber.ofDecimal(value)
          : base64(Decimal.fromLogical(schema, value));
      case ConnectDate.LOGICAL_NAME:
        if (!(value instanceof Date)) throw new DataError(`Invalid type for Date, expected Date but was ${describeValue(value)}`);
        return JsonNumber.ofInteger(ConnectDate.fromLogical(schema, value));
      case Time.LOGICAL_NAME:
        if (!(value instanceof Date)) throw new DataError(`Invalid type for Time, expected Date but was ${describeValue(value)}`);
        return JsonNumber.ofInteger(Time.fromLogical(schema, value));
      case Timestamp.LOGICAL_NAME:
        if (!(value instanceof Date)) {
          throw new DataError(`Invalid type for Timestamp, expected Date but was ${describeValue(value)}`);
        }
        return JsonNumber.ofInteger(Timestamp.fromLogical(schema, value));
      default:
        return undefined;
    }
  }

  #convertToConnect(schema: Schema | null, json: JsonValue | undefined): unknown {
    let type: SchemaType;
    if (schema !== null) {
      type = schema.type();
      if (json === null || json === undefined) {
        const defaultValue = schema.defaultValue();
        // The default is already a logical value.
        if (defaultValue !== null && defaultValue !== undefined && this.#settings.replaceNullWithDefault) return defaultValue;
        if (schema.isOptional()) return null;
        throw new DataError(`Invalid null value for required ${type} field`);
      }
      const name = schema.name();
      if (name !== null) {
        const logical = logicalToConnect(schema, name, json);
        if (logical !== undefined) return logical;
      }
    } else {
      if (json === null || json === undefined) return null;
      if (typeof json === "boolean") type = "BOOLEAN";
      else if (typeof json === "string") type = "STRING";
      else if (json instanceof JsonNumber) type = json.isIntegral() ? "INT64" : "FLOAT64";
      else if (Array.isArray(json)) type = "ARRAY";
      else type = "MAP";
    }

    // Like Kafka's Jackson nodes, a JSON value of the wrong kind reads as 0 / false / null, not an error.
    const num = json instanceof JsonNumber ? json : null;
    switch (type) {
      case "BOOLEAN":
        return json === true;
      case "INT8":
        return num ? Number(BigInt.asIntN(8, BigInt(num.intValue()))) : 0;
      case "INT16":
        return num ? Number(BigInt.asIntN(16, BigInt(num.intValue()))) : 0;
      case "INT32":
        return num ? num.intValue() : 0;
      case "INT64":
        return num ? num.longValue() : 0n;
      case "FLOAT32":
        return num ? num.floatValue() : 0;
      case "FLOAT64":
        return num ? num.doubleValue() : 0;
      case "BYTES":
        if (typeof json !== "string") return null;
        try {
          return decodeBase64(json);
        } catch (err) {
          throw new DataError("Invalid bytes field", { cause: err });
        }
      case "STRING":
        return typeof json === "string" ? json : null;
      case "ARRAY": {
        const elementSchema = schema ? schema.valueSchema() : null;
        const elements = Array.isArray(json) ? json : isJsonObject(json) ? [...json.values()] : [];
        return elements.map((element) => this.#convertToConnect(elementSchema, element));
      }
      case "MAP": {
        const keySchema = schema ? schema.keySchema() : null;
        const valueSchema = schema ? schema.valueSchema() : null;
        const result = new Map<unknown, unknown>();
        if (schema === null || keySchema?.type() === "STRING") {
          if (!isJsonObject(json)) {
            throw new DataError(`Maps with string fields should be encoded as JSON objects, but found ${jsonNodeType(json)}`);
          }
          for (const [k, v] of json) result.set(k, this.#convertToConnect(valueSchema, v));
        } else {
          if (!Array.isArray(json)) {
            throw new DataError(
              `Maps with non-string fields should be encoded as JSON array of tuples, but found ${jsonNodeType(json)}`,
            );
          }
          for (const entry of json) {
            if (!Array.isArray(entry)) {
              throw new DataError(`Found invalid map entry instead of array tuple: ${jsonNodeType(entry)}`);
            }
            if (entry.length !== 2) throw new DataError(`Found invalid map entry, expected length 2 but found :${entry.length}`);
            result.set(this.#convertToConnect(keySchema, entry[0]), this.#convertToConnect(valueSchema, entry[1]));
          }
        }
        return result;
      }
      case "STRUCT": {
        if (!isJsonObject(json)) {
          throw new DataError(`Structs should be encoded as JSON objects, but found ${jsonNodeType(json)}`);
        }
        const structSchema = (schema as Schema).schema();
        const struct = new Struct(structSchema);
        for (const field of structSchema.fields()) {
          struct.put(field, this.#convertToConnect(field.schema(), json.get(field.name())));
        }
        return struct;
      }
    }
  }
}

function logicalToConnect(schema: Schema, name: string, json: JsonValue): unknown {
  switch (name) {
    case Decimal.LOGICAL_NAME:
      if (json instanceof JsonNumber) return json.decimalValue();
      if (typeof json === "string") {
        try {
          return Decimal.toLogical(schema, decodeBase64(json));
        } catch (err) {
          throw new DataError("Invalid bytes for Decimal field", { cause: err });
        }
      }
      throw new DataError(
        `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${jsonNodeType(json)}`,
      );
    case ConnectDate.LOGICAL_NAME:
      if (!(json instanceof JsonNumber && json.isInt())) {
        throw new DataError(`Invalid type for Date, underlying representation should be integer but was ${jsonNodeType(json)}`);
      }
      return ConnectDate.toLogical(schema, json.intValue());
    case Time.LOGICAL_NAME:
      if (!(json instanceof JsonNumber && json.isInt())) {
        throw new DataError(`Invalid type for Time, underlying representation should be integer but was ${jsonNodeType(json)}`);
      }
      return Time.toLogical(schema, json.intValue());
    case Timestamp.LOGICAL_NAME:
      if (!(json instanceof JsonNumber && json.isIntegral())) {
        throw new DataError(
          `Invalid type for Timestamp, underlying representation should be integral but was ${jsonNodeType(json)}`,
        );
      }
      return Timestamp.toLogical(schema, json.longValue());
    default:
      return undefined;
  }
}

const TYPES = ["converter", "header_converter"] as const;

export const jsonConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: TYPES,
  version: CONNECT_VERSION,
  create: () => new JsonConverter(),
};
