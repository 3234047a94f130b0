import { DataError } from "../errors";
import { BigDecimal } from "./big-decimal";
import { deepEquals, describeValue, isPlainObject } from "./equality";

/**
 * The Connect data model: a schema describes a value; values are plain JavaScript values.
 *
 * | Schema type       | JavaScript value                                                              |
 * |-------------------|-------------------------------------------------------------------------------|
 * | INT8/INT16/INT32  | `number`, an integer in the type's range                                      |
 * | INT64             | `bigint` (what converters always produce) or a safe-integer `number` (accepted) |
 * | FLOAT32/FLOAT64   | `number`                                                                      |
 * | BOOLEAN / STRING  | `boolean` / `string`                                                          |
 * | BYTES             | `Uint8Array` (a Node `Buffer` is one)                                         |
 * | ARRAY             | `unknown[]`                                                                   |
 * | MAP               | `Map` (what converters produce; keys may be any value) or a plain object     |
 * | STRUCT            | {@link Struct}                                                                |
 * | Decimal (BYTES)   | {@link BigDecimal}                                                            |
 * | Date/Time/Timestamp | JS `Date` (UTC)                                                            |
 *
 * Schemas follow Kafka's API shape (methods, not properties) so that a {@link SchemaBuilder} is itself
 * a Schema, as in Kafka, and code ported from Java transforms reads the same.
 */
export type SchemaType =
  | "INT8"
  | "INT16"
  | "INT32"
  | "INT64"
  | "FLOAT32"
  | "FLOAT64"
  | "BOOLEAN"
  | "STRING"
  | "BYTES"
  | "ARRAY"
  | "MAP"
  | "STRUCT";

export const SchemaType = {
  INT8: "INT8",
  INT16: "INT16",
  INT32: "INT32",
  INT64: "INT64",
  FLOAT32: "FLOAT32",
  FLOAT64: "FLOAT64",
  BOOLEAN: "BOOLEAN",
  STRING: "STRING",
  BYTES: "BYTES",
  ARRAY: "ARRAY",
  MAP: "MAP",
  STRUCT: "STRUCT",
} as const satisfies Record<SchemaType, SchemaType>;

export const ALL_SCHEMA_TYPES: readonly SchemaType[] = Object.values(SchemaType);

/** Kafka's `Type.getName()`: the lower-case name ("int8", "float32", "struct"). */
export function schemaTypeName(type: SchemaType): string {
  return type.toLowerCase();
}

export function isPrimitiveType(type: SchemaType): boolean {
  return type !== "ARRAY" && type !== "MAP" && type !== "STRUCT";
}

export interface Schema {
  type(): SchemaType;
  isOptional(): boolean;
  /** The default value, or null when there is none (Kafka cannot tell "no default" from a null default either). */
  defaultValue(): unknown;
  name(): string | null;
  version(): number | null;
  doc(): string | null;
  /** Extra string parameters (logical types use them, e.g. Decimal's `scale`), in insertion order. */
  parameters(): ReadonlyMap<string, string> | null;
  /** Throws DataError unless this is a MAP schema. */
  keySchema(): Schema | null;
  /** Throws DataError unless this is an ARRAY or MAP schema. */
  valueSchema(): Schema | null;
  /** Throws DataError unless this is a STRUCT schema. */
  fields(): readonly Field[];
  /** Throws DataError unless this is a STRUCT schema; null when there is no such field. */
  field(name: string): Field | null;
  /** The built, immutable schema (a SchemaBuilder builds itself). */
  schema(): ConnectSchema;
  equals(other: unknown): boolean;
  toString(): string;
}

export class Field {
  readonly #name: string;
  readonly #index: number;
  readonly #schema: Schema;

  constructor(name: string, index: number, schema: Schema) {
    this.#name = name;
    this.#index = index;
    this.#schema = schema;
  }

  name(): string {
    return this.#name;
  }

  index(): number {
    return this.#index;
  }

  schema(): Schema {
    return this.#schema;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    return (
      other instanceof Field &&
      other.#index === this.#index &&
      other.#name === this.#name &&
      schemaEquals(this.#schema, other.#schema)
    );
  }

  toString(): string {
    return `Field{name=${this.#name}, index=${this.#index}, schema=${this.#schema.toString()}}`;
  }
}

export interface ConnectSchemaOptions {
  optional?: boolean;
  defaultValue?: unknown;
  name?: string | null;
  version?: number | null;
  doc?: string | null;
  parameters?: ReadonlyMap<string, string> | null;
  fields?: readonly Field[] | null;
  keySchema?: Schema | null;
  valueSchema?: Schema | null;
}

/** An immutable schema. Most code builds schemas with {@link SchemaBuilder} instead. */
export class ConnectSchema implements Schema {
  readonly #type: SchemaType;
  readonly #optional: boolean;
  readonly #defaultValue: unknown;
  readonly #name: string | null;
  readonly #version: number | null;
  readonly #doc: string | null;
  readonly #parameters: ReadonlyMap<string, string> | null;
  readonly #fields: readonly Field[] | null;
  readonly #fieldsByName: ReadonlyMap<string, Field> | null;
  readonly #keySchema: Schema | null;
  readonly #valueSchema: Schema | null;

  constructor(type: SchemaType, options: ConnectSchemaOptions = {}) {
    this.#type = type;
    this.#optional = options.optional ?? false;
    this.#defaultValue = options.defaultValue ?? null;
    this.#name = options.name ?? null;
    this.#version = options.version ?? null;
    this.#doc = options.doc ?? null;
    this.#parameters = options.parameters ? new Map(options.parameters) : null;
    if (type === "STRUCT") {
      const fields = Object.freeze([...(options.fields ?? [])]);
      this.#fields = fields;
      this.#fieldsByName = new Map(fields.map((f) => [f.name(), f]));
    } else {
      this.#fields = null;
      this.#fieldsByName = null;
    }
    this.#keySchema = options.keySchema ?? null;
    this.#valueSchema = options.valueSchema ?? null;
  }

  type(): SchemaType {
    return this.#type;
  }
  isOptional(): boolean {
    return this.#optional;
  }
  defaultValue(): unknown {
    return this.#defaultValue;
  }
  name(): string | null {
    return this.#name;
  }
  version(): number | null {
    return this.#version;
  }
  doc(): string | null {
    return this.#doc;
  }
  parameters(): ReadonlyMap<string, string> | null {
    return this.#parameters;
  }

  fields(): readonly Field[] {
    if (this.#fields === null) throw new DataError("Cannot list fields on non-struct type");
    return this.#fields;
  }

  field(name: string): Field | null {
    if (this.#fieldsByName === null) throw new DataError("Cannot look up fields on non-struct type");
    return this.#fieldsByName.get(name) ?? null;
  }

  keySchema(): Schema | null {
    if (this.#type !== "MAP") throw new DataError("Cannot look up key schema on non-map type");
    return this.#keySchema;
  }

  valueSchema(): Schema | null {
    if (this.#type !== "MAP" && this.#type !== "ARRAY") {
      throw new DataError("Cannot look up value schema on non-array and non-map type");
    }
    return this.#valueSchema;
  }

  schema(): ConnectSchema {
    return this;
  }

  /** Validates a value against this schema (see {@link validateValue}). */
  validateValue(value: unknown): void {
    validateValue(this, value);
  }

  equals(other: unknown): boolean {
    return schemaEquals(this, other);
  }

  toString(): string {
    return this.#name !== null ? `Schema{${this.#name}:${this.#type}}` : `Schema{${this.#type}}`;
  }

  /** Kafka's static `ConnectSchema.validateValue`; see {@link validateValue}. */
  static validateValue(schema: Schema, value: unknown, fieldName?: string): void {
    validateValue(schema, value, fieldName);
  }

  /**
   * The schema type a schemaless value would have (Kafka's `ConnectSchema.schemaType(Class)`): integral
   * numbers are INT64 (as JSON integers read schemaless), other numbers FLOAT64, plain objects MAP.
   * Null for values with no schema type (Dates and decimals need a schema).
   */
  static schemaTypeOf(value: unknown): SchemaType | null {
    switch (typeof value) {
      case "string":
        return "STRING";
      case "boolean":
        return "BOOLEAN";
      case "bigint":
        return "INT64";
      case "number":
        return Number.isSafeInteger(value) ? "INT64" : "FLOAT64";
      case "object":
        if (value instanceof Uint8Array) return "BYTES";
        if (Array.isArray(value)) return "ARRAY";
        if (value instanceof Map || isPlainObject(value)) return "MAP";
        if (isStruct(value)) return "STRUCT";
        return null;
      default:
        return null;
    }
  }
}

/** Structural equality of two schemas (Kafka's ConnectSchema.equals), whether built or builders. */
export function schemaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isSchema(a) || !isSchema(b)) return false;
  if (
    a.type() !== b.type() ||
    a.isOptional() !== b.isOptional() ||
    a.version() !== b.version() ||
    a.name() !== b.name() ||
    a.doc() !== b.doc()
  ) {
    return false;
  }
  if (!parametersEqual(a.parameters(), b.parameters())) return false;
  if (!deepEquals(a.defaultValue(), b.defaultValue())) return false;
  const type = a.type();
  if (type === "STRUCT") {
    const fa = a.fields();
    const fb = b.fields();
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) {
      if (!(fa[i] as Field).equals(fb[i])) return false;
    }
  }
  if (type === "MAP" && !nullableSchemaEquals(a.keySchema(), b.keySchema())) return false;
  if ((type === "MAP" || type === "ARRAY") && !nullableSchemaEquals(a.valueSchema(), b.valueSchema())) return false;
  return true;
}

function nullableSchemaEquals(a: Schema | null, b: Schema | null): boolean {
  if (a === null || b === null) return a === b;
  return schemaEquals(a, b);
}

function parametersEqual(a: ReadonlyMap<string, string> | null, b: ReadonlyMap<string, string> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export function isSchema(value: unknown): value is Schema {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Schema).type === "function" &&
    typeof (value as Schema).isOptional === "function" &&
    typeof (value as Schema).schema === "function"
  );
}

// Struct lives in its own module and imports this one; a brand avoids the import cycle.
export const STRUCT_BRAND: unique symbol = Symbol.for("ferry.connect.Struct");

/** What validation needs from a Struct. */
export interface StructLike {
  readonly [STRUCT_BRAND]: true;
  schema(): Schema;
  validate(): void;
  equals(other: unknown): boolean;
}

export function isStruct(value: unknown): value is StructLike {
  return typeof value === "object" && value !== null && (value as Partial<StructLike>)[STRUCT_BRAND] === true;
}

// Logical type names; the helpers themselves live in logical-types.ts.
export const DECIMAL_LOGICAL_NAME = "org.apache.kafka.connect.data.Decimal";
export const DATE_LOGICAL_NAME = "org.apache.kafka.connect.data.Date";
export const TIME_LOGICAL_NAME = "org.apache.kafka.connect.data.Time";
export const TIMESTAMP_LOGICAL_NAME = "org.apache.kafka.connect.data.Timestamp";

const INT_RANGES = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
} as const;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Whether `value` is the JavaScript representation of `type` (logical types aside). */
export function isValueOfType(type: SchemaType, value: unknown): boolean {
  // By the value's JS type first: a primitive is matched with one comparison of the type name.
  if (typeof value === "string") return type === "STRING";
  if (typeof value === "number") {
    switch (type) {
      case "FLOAT32":
      case "FLOAT64":
        return true;
      case "INT64":
        return Number.isSafeInteger(value);
      case "INT8":
      case "INT16":
      case "INT32": {
        const [min, max] = INT_RANGES[type];
        return Number.isInteger(value) && value >= min && value <= max;
      }
      default:
        return false;
    }
  }
  if (typeof value === "boolean") return type === "BOOLEAN";
  if (typeof value === "bigint") return type === "INT64" && value >= INT64_MIN && value <= INT64_MAX;
  switch (type) {
    case "BYTES":
      return value instanceof Uint8Array;
    case "ARRAY":
      return Array.isArray(value);
    case "MAP":
      return value instanceof Map || isPlainObject(value);
    case "STRUCT":
      return isStruct(value);
    default:
      return false;
  }
}

function isValueOfLogicalType(name: string, value: unknown): boolean | undefined {
  switch (name) {
    case DECIMAL_LOGICAL_NAME:
      return value instanceof BigDecimal;
    case DATE_LOGICAL_NAME:
    case TIME_LOGICAL_NAME:
    case TIMESTAMP_LOGICAL_NAME:
      return value instanceof Date;
    default:
      return undefined;
  }
}

/** Entries of a MAP value, whichever representation it uses. */
export function mapEntries(value: ReadonlyMap<unknown, unknown> | Readonly<Record<string, unknown>>): [unknown, unknown][] {
  return value instanceof Map ? [...value.entries()] : Object.entries(value);
}

/**
 * Checks that `value` can be used with `schema`: its JavaScript type matches the schema type (or the
 * logical type), required schemas get a non-null value, and arrays, maps and structs are checked deeply.
 * Throws DataError otherwise (Kafka's `ConnectSchema.validateValue`).
 */
export function validateValue(schema: Schema, value: unknown, fieldName?: string): void {
  // Fast path (every Struct.put comes here): a value that fits a plain primitive schema needs no
  // location text; anything else is checked (and described) by validateAt.
  if (value === null || value === undefined) {
    if (schema.isOptional()) return;
  } else if (schema.name() === null) {
    if (typeof value !== "object") {
      if (isValueOfType(schema.type(), value)) return;
    } else if (value instanceof Uint8Array && schema.type() === "BYTES") {
      return;
    }
  }
  validateAt(schema, value, fieldName === undefined ? "value" : `field: "${fieldName}"`);
}

function validateAt(schema: Schema, value: unknown, location: string): void {
  if (value === null || value === undefined) {
    if (!schema.isOptional()) {
      throw new DataError(`Invalid value: null used for required ${location}, schema type: ${schema.type()}`);
    }
    return;
  }
  const name = schema.name();
  const matches = (name !== null ? isValueOfLogicalType(name, value) : undefined) ?? isValueOfType(schema.type(), value);
  if (!matches) {
    const named = name !== null ? ` "${name}"` : "";
    throw new DataError(`Invalid value for schema${named} with type ${schema.type()}: ${describeValue(value)} for ${location}`);
  }
  switch (schema.type()) {
    case "STRUCT": {
      const struct = value as StructLike;
      if (!schemaEquals(struct.schema(), schema)) throw new DataError("Struct schemas do not match.");
      struct.validate();
      break;
    }
    case "ARRAY": {
      const entryLocation = `element of array ${location}`;
      const elementSchema = requireSchema(schema.valueSchema(), entryLocation);
      for (const element of value as unknown[]) validateAt(elementSchema, element, entryLocation);
      break;
    }
    case "MAP": {
      const keyLocation = `key of map ${location}`;
      const valueLocation = `value of map ${location}`;
      const keySchema = requireSchema(schema.keySchema(), keyLocation);
      const valueSchema = requireSchema(schema.valueSchema(), valueLocation);
      for (const [k, v] of mapEntries(value as Map<unknown, unknown>)) {
        validateAt(keySchema, k, keyLocation);
        validateAt(valueSchema, v, valueLocation);
      }
      break;
    }
    default:
      break;
  }
}

function requireSchema(schema: Schema | null, location: string): Schema {
  if (schema === null) throw new DataError(`No schema defined for ${location}`);
  return schema;
}

function primitive(type: SchemaType, optional: boolean): ConnectSchema {
  return new ConnectSchema(type, { optional });
}

/** Predefined schemas and the type constants, as Kafka's `Schema.STRING_SCHEMA`, `Schema.Type.INT8`... */
export const Schema = {
  Type: SchemaType,
  INT8_SCHEMA: primitive("INT8", false),
  INT16_SCHEMA: primitive("INT16", false),
  INT32_SCHEMA: primitive("INT32", false),
  INT64_SCHEMA: primitive("INT64", false),
  FLOAT32_SCHEMA: primitive("FLOAT32", false),
  FLOAT64_SCHEMA: primitive("FLOAT64", false),
  BOOLEAN_SCHEMA: primitive("BOOLEAN", false),
  STRING_SCHEMA: primitive("STRING", false),
  BYTES_SCHEMA: primitive("BYTES", false),
  OPTIONAL_INT8_SCHEMA: primitive("INT8", true),
  OPTIONAL_INT16_SCHEMA: primitive("INT16", true),
  OPTIONAL_INT32_SCHEMA: primitive("INT32", true),
  OPTIONAL_INT64_SCHEMA: primitive("INT64", true),
  OPTIONAL_FLOAT32_SCHEMA: primitive("FLOAT32", true),
  OPTIONAL_FLOAT64_SCHEMA: primitive("FLOAT64", true),
  OPTIONAL_BOOLEAN_SCHEMA: primitive("BOOLEAN", true),
  OPTIONAL_STRING_SCHEMA: primitive("STRING", true),
  OPTIONAL_BYTES_SCHEMA: primitive("BYTES", true),
} as const;
