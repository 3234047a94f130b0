import { DataError } from "../errors";
import type { BigDecimal } from "./big-decimal";
import { deepEquals } from "./equality";
import { STRUCT_BRAND, schemaEquals, validateValue, type Field, type Schema, type SchemaType } from "./schema";
import { toJavaString } from "./to-java-string";

/**
 * A structured record value with a fixed STRUCT schema. `put` validates each value against its field's
 * schema; `validate()` checks that every required field is set; `get` falls back to the field default.
 */
export class Struct {
  /** On the prototype (set below): one Struct per record per SMT, so nothing per instance that need not be. */
  declare readonly [STRUCT_BRAND]: true;
  readonly #schema: Schema;
  readonly #values: unknown[];

  constructor(schema: Schema) {
    if (schema.type() !== "STRUCT") throw new DataError(`Not a struct schema: ${schema.toString()}`);
    this.#schema = schema;
    this.#values = emptyValues(schema.fields().length);
  }

  schema(): Schema {
    return this.#schema;
  }

  /** The field's value, or its schema default when the value is null. */
  get(field: string | Field): unknown {
    const f = typeof field === "string" ? this.#lookupField(field) : field;
    const value = this.#values[f.index()] ?? null;
    if (value === null) return f.schema().defaultValue() ?? null;
    return value;
  }

  /** The field's value as set, without falling back to the default. */
  getWithoutDefault(fieldName: string): unknown {
    return this.#values[this.#lookupField(fieldName).index()] ?? null;
  }

  getInt8(fieldName: string): number | null {
    return this.#getCheckType(fieldName, "INT8") as number | null;
  }
  getInt16(fieldName: string): number | null {
    return this.#getCheckType(fieldName, "INT16") as number | null;
  }
  getInt32(fieldName: string): number | null {
    return this.#getCheckType(fieldName, "INT32") as number | null;
  }
  /** INT64 values may have been put as safe-integer numbers; this always answers a bigint. */
  getInt64(fieldName: string): bigint | null {
    const value = this.#getCheckType(fieldName, "INT64") as bigint | number | null;
    return value === null ? null : BigInt(value);
  }
  getFloat32(fieldName: string): number | null {
    return this.#getCheckType(fieldName, "FLOAT32") as number | null;
  }
  getFloat64(fieldName: string): number | null {
    return this.#getCheckType(fieldName, "FLOAT64") as number | null;
  }
  getBoolean(fieldName: string): boolean | null {
    return this.#getCheckType(fieldName, "BOOLEAN") as boolean | null;
  }
  getString(fieldName: string): string | null {
    return this.#getCheckType(fieldName, "STRING") as string | null;
  }
  getBytes(fieldName: string): Uint8Array | null {
    return this.#getCheckType(fieldName, "BYTES") as Uint8Array | null;
  }
  getDecimal(fieldName: string): BigDecimal | null {
    return this.#getCheckType(fieldName, "BYTES") as BigDecimal | null;
  }
  getArray<T = unknown>(fieldName: string): T[] | null {
    return this.#getCheckType(fieldName, "ARRAY") as T[] | null;
  }
  getMap<K = unknown, V = unknown>(fieldName: string): Map<K, V> | Record<string, V> | null {
    return this.#getCheckType(fieldName, "MAP") as Map<K, V> | Record<string, V> | null;
  }
  getStruct(fieldName: string): Struct | null {
    return this.#getCheckType(fieldName, "STRUCT") as Struct | null;
  }

  /** Sets a field after validating the value against the field's schema; returns this for chaining. */
  put(field: string | Field, value: unknown): this {
    if (field === null || field === undefined) throw new DataError("field cannot be null.");
    const f = typeof field === "string" ? this.#lookupField(field) : field;
    validateValue(f.schema(), value, f.name());
    this.#values[f.index()] = value ?? null;
    return this;
  }

  /** Throws DataError when a required field without default is unset or a value does not fit its schema. */
  validate(): void {
    for (const field of this.#schema.fields()) {
      const fieldSchema = field.schema();
      const value = this.#values[field.index()] ?? null;
      if (value === null && (fieldSchema.isOptional() || fieldSchema.defaultValue() !== null)) continue;
      validateValue(fieldSchema, value, field.name());
    }
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Struct)) return false;
    if (!schemaEquals(this.#schema, other.#schema)) return false;
    const theirs = other.#values;
    return this.#values.length === theirs.length && this.#values.every((v, i) => deepEquals(v, theirs[i]));
  }

  /** `Struct{a=1,b=x}`: set fields only, values printed as Kafka prints them (FileStreamSink writes this). */
  toString(): string {
    const fields = this.#schema.fields();
    const parts: string[] = [];
    this.#values.forEach((value, i) => {
      const field = fields[i];
      if (value !== null && field) parts.push(`${field.name()}=${toJavaString(value, field.schema())}`);
    });
    return `Struct{${parts.join(",")}}`;
  }

  #lookupField(fieldName: string): Field {
    const field = this.#schema.field(fieldName);
    if (field === null) throw new DataError(`${fieldName} is not a valid field name`);
    return field;
  }

  #getCheckType(fieldName: string, type: SchemaType): unknown {
    const field = this.#lookupField(fieldName);
    if (field.schema().type() !== type) throw new DataError(`Field '${fieldName}' is not of type ${type}`);
    return this.#values[field.index()] ?? null;
  }
}

/**
 * One null per field, in an array of exactly that size: a growing array would reserve spare
 * capacity in every Struct, and an array literal would share its elements until the first put
 * copies them.
 */
function emptyValues(size: number): unknown[] {
  const values = new Array<unknown>(size);
  for (let i = 0; i < size; i++) values[i] = null;
  return values;
}

Object.defineProperty(Struct.prototype, STRUCT_BRAND, { value: true, enumerable: false, writable: false, configurable: false });
