import { DataError } from "../errors";
import type { BigDecimal } from "./big-decimal";
import { deepEquals } from "./equality";
import { STRUCT_BRAND, schemaEquals, validateValue, type Field, type Schema, type SchemaType } from "./schema";
import { toJavaString } from "./to-java-string";

/** The runtime's in-place extension of a struct the transformation chain owns (not part of the plugin SDK). */
export const EXTEND: unique symbol = Symbol("Struct.extend");
/** The runtime's in-place rearranging of a struct the transformation chain owns (not part of the plugin SDK). */
export const REARRANGE: unique symbol = Symbol("Struct.rearrange");

/**
 * A structured record value with a fixed STRUCT schema. `put` validates each value against its field's
 * schema; `validate()` checks that every required field is set; `get` falls back to the field default.
 */
export class Struct {
  /** On the prototype (set below): one Struct per record per SMT, so nothing per instance that need not be. */
  declare readonly [STRUCT_BRAND]: true;
  #schema: Schema;
  /**
   * The values by field index: the first four in the object itself, the others in `#more`. Most
   * structs are small, and transforms make one per record each: one allocation, not three (an
   * array is an object and its element store).
   */
  #v0: unknown = null;
  #v1: unknown = null;
  #v2: unknown = null;
  #v3: unknown = null;
  #more: unknown[] | null;
  #size: number;

  constructor(schema: Schema) {
    if (schema.type() !== "STRUCT") throw new DataError(`Not a struct schema: ${schema.toString()}`);
    this.#schema = schema;
    const size = schema.fields().length;
    this.#size = size;
    this.#more = size > INLINE ? emptyValues(size - INLINE) : null;
  }

  /** The value at a field index; null when unset. */
  #at(index: number): unknown {
    switch (index) {
      case 0:
        return this.#v0;
      case 1:
        return this.#v1;
      case 2:
        return this.#v2;
      case 3:
        return this.#v3;
      default:
        return this.#more?.[index - INLINE] ?? null;
    }
  }

  #set(index: number, value: unknown): void {
    switch (index) {
      case 0:
        this.#v0 = value;
        break;
      case 1:
        this.#v1 = value;
        break;
      case 2:
        this.#v2 = value;
        break;
      case 3:
        this.#v3 = value;
        break;
      default:
        if (this.#more === null || index < 0 || index >= this.#size) throw new DataError(`Field index ${index} out of range for ${this.#schema.toString()}`);
        this.#more[index - INLINE] = value;
    }
  }

  schema(): Schema {
    return this.#schema;
  }

  /** The field's value, or its schema default when the value is null. */
  get(field: string | Field): unknown {
    const f = typeof field === "string" ? this.#lookupField(field) : field;
    const value = this.#at(f.index()) ?? null;
    if (value === null) return f.schema().defaultValue() ?? null;
    return value;
  }

  /** The field's value as set, without falling back to the default. */
  getWithoutDefault(fieldName: string): unknown {
    return this.#at(this.#lookupField(fieldName).index()) ?? null;
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
    this.#set(f.index(), value ?? null);
    return this;
  }

  /**
   * `put(field, source.get(sourceField))` (`getWithoutDefault` when `withDefault` is false), the
   * copy transforms make field by field. A string, number, boolean or bigint that `source` holds for
   * a field of the very same schema object is not validated again: it passed the same check when it
   * was put there and cannot have changed since. Anything else goes through put().
   */
  putFrom(field: Field, source: Struct, sourceField: Field, withDefault = true): this {
    const value = source.#at(sourceField.index());
    if (sourceField.schema() === field.schema()) {
      const type = typeof value;
      if (type === "string" || type === "number" || type === "boolean" || type === "bigint") {
        this.#set(field.index(), value);
        return this;
      }
    }
    return this.put(field, withDefault ? source.get(sourceField) : (value ?? null));
  }

  /**
   * Runtime only (the transformation chain's copy avoidance, see {@link takeStructLoan}): makes this
   * struct one of `schema`, whose first fields have the same indexes and field schemas as this
   * struct's (the caller checked), the others unset. Only when every value is a string, number,
   * boolean or bigint: those are what putFrom copies without checking them again. False (nothing
   * changed) otherwise: then copy the struct.
   */
  [EXTEND](schema: Schema): boolean {
    const size = this.#size;
    for (let i = 0; i < size; i++) {
      const type = typeof this.#at(i);
      if (type !== "string" && type !== "number" && type !== "boolean" && type !== "bigint") return false;
    }
    const extended = schema.fields().length;
    if (extended > INLINE) {
      const more = emptyValues(extended - INLINE);
      for (let i = INLINE; i < size; i++) more[i - INLINE] = this.#more?.[i - INLINE] ?? null;
      this.#more = more;
    }
    this.#schema = schema;
    this.#size = extended;
    return true;
  }

  /**
   * Runtime only, like EXTEND: makes this struct one of `schema` whose field i holds this struct's
   * value at index `sources[i]`, the field schemas being the very same (the caller checked). Only
   * for structs of at most four fields whose values moved are strings, numbers, booleans or bigints
   * (what putFrom copies without checking again); false (nothing changed) otherwise.
   */
  [REARRANGE](schema: Schema, sources: readonly number[]): boolean {
    const n = sources.length;
    if (this.#size > INLINE || n > INLINE || schema.fields().length !== n) return false;
    const v0 = this.#v0;
    const v1 = this.#v1;
    const v2 = this.#v2;
    const v3 = this.#v3;
    for (let i = 0; i < n; i++) {
      const type = typeof pick(sources[i]!, v0, v1, v2, v3);
      if (type !== "string" && type !== "number" && type !== "boolean" && type !== "bigint") return false;
    }
    this.#v0 = n > 0 ? pick(sources[0]!, v0, v1, v2, v3) : null;
    this.#v1 = n > 1 ? pick(sources[1]!, v0, v1, v2, v3) : null;
    this.#v2 = n > 2 ? pick(sources[2]!, v0, v1, v2, v3) : null;
    this.#v3 = n > 3 ? pick(sources[3]!, v0, v1, v2, v3) : null;
    this.#schema = schema;
    this.#size = n;
    return true;
  }

  /** Throws DataError when a required field without default is unset or a value does not fit its schema. */
  validate(): void {
    for (const field of this.#schema.fields()) {
      const fieldSchema = field.schema();
      const value = this.#at(field.index()) ?? null;
      if (value === null && (fieldSchema.isOptional() || fieldSchema.defaultValue() !== null)) continue;
      validateValue(fieldSchema, value, field.name());
    }
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Struct)) return false;
    if (!schemaEquals(this.#schema, other.#schema)) return false;
    if (this.#size !== other.#size) return false;
    for (let i = 0; i < this.#size; i++) if (!deepEquals(this.#at(i), other.#at(i))) return false;
    return true;
  }

  /** `Struct{a=1,b=x}`: set fields only, values printed as Kafka prints them (FileStreamSink writes this). */
  toString(): string {
    const fields = this.#schema.fields();
    const parts: string[] = [];
    for (let i = 0; i < this.#size; i++) {
      const value = this.#at(i);
      const field = fields[i];
      if (value !== null && field) parts.push(`${field.name()}=${toJavaString(value, field.schema())}`);
    }
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
    return this.#at(field.index()) ?? null;
  }
}

function pick(index: number, v0: unknown, v1: unknown, v2: unknown, v3: unknown): unknown {
  return index === 0 ? v0 : index === 1 ? v1 : index === 2 ? v2 : index === 3 ? v3 : null;
}

/** The struct lent for update, if any (see lendStructForUpdate). */
let lentStruct: Struct | null = null;
/** The struct the transform running now made (or updated) for its result only (see madeStruct). */
let made: Struct | null = null;

/**
 * Runtime only: while `struct` is lent, the transform running may update it in place instead of
 * copying it ({@link takeStructLoan}). The transformation chain lends only a struct that the previous
 * stage made for its result and that nobody else can see, to a stage that keeps no records. Null
 * ends the loan. Not part of the plugin SDK (not exported by the api index).
 */
export function lendStructForUpdate(struct: Struct | null): void {
  lentStruct = struct;
}

/** For transforms: true when `struct` is lent for update, which ends the loan: update it, do not copy it. */
export function takeStructLoan(struct: Struct): boolean {
  if (lentStruct !== struct) return false;
  lentStruct = null;
  return true;
}

/**
 * For transforms that keep no records: `struct` was made (or updated in place) for the record about
 * to be returned and is referenced nowhere else. The chain may lend it to the next stage. Returns it.
 */
export function madeStruct(struct: Struct): Struct {
  made = struct;
  return struct;
}

/** Runtime only: the struct announced by madeStruct since the last call (which forgets it), or null. */
export function takeMadeStruct(): Struct | null {
  const struct = made;
  made = null;
  return struct;
}

/** Values kept in the Struct object itself. */
const INLINE = 4;

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
