import { DataError, SchemaBuilderError } from "../errors";
import { ConnectSchema, Field, schemaEquals, validateValue, type Schema, type SchemaType } from "./schema";

/**
 * Fluent schema construction, as Kafka's SchemaBuilder:
 * `SchemaBuilder.struct().name("x").field("a", Schema.STRING_SCHEMA).optional().build()`.
 *
 * A builder is itself a Schema (its getters are the zero-argument overloads: `b.name()`), each
 * property can be set once, and a default value is validated against the schema when it is set.
 */
export class SchemaBuilder implements Schema {
  readonly #type: SchemaType;
  #optional: boolean | null = null;
  #defaultValue: unknown = null;
  #fields: Map<string, Field> | null = null;
  #keySchema: Schema | null = null;
  #valueSchema: Schema | null = null;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Map<string, string> | null = null;

  constructor(type: SchemaType) {
    if (type === null || type === undefined) throw new SchemaBuilderError("type cannot be null");
    this.#type = type;
    if (type === "STRUCT") this.#fields = new Map();
  }

  static type(type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder("INT8");
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder("INT16");
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder("INT32");
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder("INT64");
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder("FLOAT32");
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder("FLOAT64");
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder("BOOLEAN");
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder("STRING");
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder("BYTES");
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder("STRUCT");
  }

  static array(valueSchema: Schema): SchemaBuilder {
    if (!valueSchema) throw new SchemaBuilderError("valueSchema cannot be null.");
    const builder = new SchemaBuilder("ARRAY");
    builder.#valueSchema = valueSchema;
    return builder;
  }

  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    if (!keySchema) throw new SchemaBuilderError("keySchema cannot be null.");
    if (!valueSchema) throw new SchemaBuilderError("valueSchema cannot be null.");
    const builder = new SchemaBuilder("MAP");
    builder.#keySchema = keySchema;
    builder.#valueSchema = valueSchema;
    return builder;
  }

  /** @internal An array whose element type is unknown (every element null); used by Values. */
  static arrayOfNull(): SchemaBuilder {
    return new SchemaBuilder("ARRAY");
  }

  /** @internal A map whose key and value types are unknown; used by Values. */
  static mapOfNull(): SchemaBuilder {
    return new SchemaBuilder("MAP");
  }

  /** @internal A map whose value type is unknown; used by Values. */
  static mapWithNullValues(keySchema: Schema): SchemaBuilder {
    const builder = new SchemaBuilder("MAP");
    builder.#keySchema = keySchema;
    return builder;
  }

  type(): SchemaType {
    return this.#type;
  }

  isOptional(): boolean {
    return this.#optional === true;
  }

  optional(): this {
    checkCanSet("optional", this.#optional, true);
    this.#optional = true;
    return this;
  }

  required(): this {
    checkCanSet("optional", this.#optional, false);
    this.#optional = false;
    return this;
  }

  defaultValue(): unknown;
  defaultValue(value: unknown): this;
  defaultValue(...args: [] | [unknown]): unknown {
    if (args.length === 0) return this.#defaultValue;
    const value = args[0] ?? null;
    checkCanSet("default", this.#defaultValue, value);
    try {
      validateValue(this, value);
    } catch (err) {
      if (err instanceof DataError) throw new SchemaBuilderError("Invalid default value", { cause: err });
      throw err;
    }
    this.#defaultValue = value;
    return this;
  }

  name(): string | null;
  name(name: string | null): this;
  name(...args: [] | [string | null]): string | null | this {
    if (args.length === 0) return this.#name;
    const name = args[0] ?? null;
    checkCanSet("name", this.#name, name);
    this.#name = name;
    return this;
  }

  version(): number | null;
  version(version: number | null): this;
  version(...args: [] | [number | null]): number | null | this {
    if (args.length === 0) return this.#version;
    const version = args[0] ?? null;
    checkCanSet("version", this.#version, version);
    this.#version = version;
    return this;
  }

  doc(): string | null;
  doc(doc: string | null): this;
  doc(...args: [] | [string | null]): string | null | this {
    if (args.length === 0) return this.#doc;
    const doc = args[0] ?? null;
    checkCanSet("doc", this.#doc, doc);
    this.#doc = doc;
    return this;
  }

  parameter(name: string, value: string): this {
    this.#parameters ??= new Map();
    this.#parameters.set(name, value);
    return this;
  }

  parameters(): ReadonlyMap<string, string> | null;
  parameters(props: ReadonlyMap<string, string> | Readonly<Record<string, string>>): this;
  parameters(
    ...args: [] | [ReadonlyMap<string, string> | Readonly<Record<string, string>>]
  ): ReadonlyMap<string, string> | null | this {
    if (args.length === 0) return this.#parameters;
    const props = args[0];
    const entries = props instanceof Map ? [...props.entries()] : Object.entries(props);
    // Never keep an empty parameter map: a schema without parameters has null.
    if (entries.length === 0) return this;
    this.#parameters ??= new Map();
    for (const [k, v] of entries) this.#parameters.set(k, v);
    return this;
  }

  field(name: string): Field | null;
  field(name: string, schema: Schema): this;
  field(...args: [string] | [string, Schema]): Field | null | this {
    if (args.length === 1) {
      if (this.#fields === null) throw new DataError("Cannot look up fields on non-struct type");
      return this.#fields.get(args[0]) ?? null;
    }
    const [fieldName, fieldSchema] = args;
    if (this.#fields === null) throw new SchemaBuilderError(`Cannot create fields on type ${this.#type}`);
    if (!fieldName) throw new SchemaBuilderError("fieldName cannot be null.");
    if (!fieldSchema) throw new SchemaBuilderError(`fieldSchema for field ${fieldName} cannot be null.`);
    if (this.#fields.has(fieldName)) {
      throw new SchemaBuilderError(`Cannot create field because of field name duplication ${fieldName}`);
    }
    this.#fields.set(fieldName, new Field(fieldName, this.#fields.size, fieldSchema));
    return this;
  }

  fields(): readonly Field[] {
    if (this.#fields === null) throw new DataError("Cannot list fields on non-struct type");
    return [...this.#fields.values()];
  }

  keySchema(): Schema | null {
    return this.#keySchema;
  }

  valueSchema(): Schema | null {
    return this.#valueSchema;
  }

  build(): ConnectSchema {
    return new ConnectSchema(this.#type, {
      optional: this.isOptional(),
      defaultValue: this.#defaultValue,
      name: this.#name,
      version: this.#version,
      doc: this.#doc,
      parameters: this.#parameters,
      fields: this.#fields === null ? null : [...this.#fields.values()],
      keySchema: this.#keySchema,
      valueSchema: this.#valueSchema,
    });
  }

  schema(): ConnectSchema {
    return this.build();
  }

  equals(other: unknown): boolean {
    return schemaEquals(this, other);
  }

  toString(): string {
    return this.#name !== null ? `Schema{${this.#name}:${this.#type}}` : `Schema{${this.#type}}`;
  }
}

function checkCanSet(fieldName: string, current: unknown, next: unknown): void {
  if (current !== null && current !== next) {
    throw new SchemaBuilderError(`Invalid SchemaBuilder call: ${fieldName} has already been set.`);
  }
}
