import {
  AbstractConfig,
  BigDecimal,
  ConfigDef,
  DataError,
  KEEPS_NO_RECORDS,
  NonEmptyString,
  Struct,
  Values,
  type AnyRecord,
  type Field,
  type Schema,
  type Transformation,
} from "../../api";
import { madeStruct, takeStructLoan } from "../../api/data/struct";
import { BAIL, SCHEMA_STEPS, type SchemaStep, type SchemaSteps } from "../../api/schema-steps";
import {
  NON_EMPTY_LIST,
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  copyMap,
  javaClassName,
  keyValueTransformations,
  mapGet,
  mapSet,
  requireMap,
  requireStruct,
  structFieldValue,
  type RecordSide,
} from "./util";

/**
 * org.apache.kafka.connect.transforms.MaskField$Key/$Value: replaces fields with the "empty" value of
 * their type, or with `replacement` converted to it. Kafka picks the type from the Java value's class;
 * a JS number does not say whether it is a byte or a double, so the field schema decides when there
 * is one, and schemaless integral numbers count as Integer, others as Double, bigints as Long.
 */

export const MASK_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: "fields", type: "LIST", validator: NON_EMPTY_LIST, importance: "HIGH", documentation: "Names of fields to mask." })
  .define({
    name: "replacement",
    type: "STRING",
    defaultValue: null,
    validator: new NonEmptyString(),
    importance: "LOW",
    documentation: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
  })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

const PURPOSE = "mask fields";

type Kind = "Boolean" | "Byte" | "Short" | "Integer" | "Long" | "Float" | "Double" | "BigDecimal" | "Date" | "String" | "List" | "Map" | "Other";

const JAVA_CLASS: Record<Kind, string> = {
  Boolean: "java.lang.Boolean",
  Byte: "java.lang.Byte",
  Short: "java.lang.Short",
  Integer: "java.lang.Integer",
  Long: "java.lang.Long",
  Float: "java.lang.Float",
  Double: "java.lang.Double",
  BigDecimal: "java.math.BigDecimal",
  Date: "java.util.Date",
  String: "java.lang.String",
  List: "java.util.ArrayList",
  Map: "java.util.HashMap",
  Other: "",
};

function kindOf(value: unknown, schema: Schema | null): Kind {
  if (value instanceof BigDecimal) return "BigDecimal";
  if (value instanceof Date) return "Date";
  if (schema !== null) {
    switch (schema.type()) {
      case "INT8":
        return "Byte";
      case "INT16":
        return "Short";
      case "INT32":
        return "Integer";
      case "INT64":
        return "Long";
      case "FLOAT32":
        return "Float";
      case "FLOAT64":
        return "Double";
      default:
        break;
    }
  }
  switch (typeof value) {
    case "boolean":
      return "Boolean";
    case "string":
      return "String";
    case "bigint":
      return "Long";
    case "number":
      return Number.isInteger(value) ? "Integer" : "Double";
    default:
      break;
  }
  if (Array.isArray(value)) return "List";
  if (value instanceof Map || (typeof value === "object" && value !== null && !(value instanceof Struct) && !(value instanceof Uint8Array))) {
    return "Map";
  }
  return "Other";
}

function className(kind: Kind, value: unknown): string {
  return kind === "Other" ? javaClassName(value) : JAVA_CLASS[kind];
}

function maskWithNull(value: unknown, kind: Kind): unknown {
  switch (kind) {
    case "Boolean":
      return false;
    case "Byte":
    case "Short":
    case "Integer":
    case "Float":
    case "Double":
      return 0;
    case "Long":
      return 0n;
    case "BigDecimal":
      return new BigDecimal(0n, 0);
    case "Date":
      return new Date(0);
    case "String":
      return "";
    case "List":
      return [];
    case "Map":
      return value instanceof Map ? new Map() : {};
    case "Other":
      throw new DataError(`Cannot mask value of type: class ${javaClassName(value)}`);
  }
}

function maskWithReplacement(value: unknown, kind: Kind, replacement: string): unknown {
  const numberError = (cause: unknown): DataError =>
    new DataError(`Unable to convert ${replacement} (class java.lang.String) to number`, { cause });
  try {
    switch (kind) {
      case "Byte":
        return Values.convertToByte(null, replacement);
      case "Short":
        return Values.convertToShort(null, replacement);
      case "Integer":
        return Values.convertToInteger(null, replacement);
      case "Long":
        return Values.convertToLong(null, replacement);
      case "Float":
        return Values.convertToFloat(null, replacement);
      case "Double":
        return Values.convertToDouble(null, replacement);
      case "String":
        return replacement;
      case "BigDecimal":
        return BigDecimal.parse(replacement);
      default:
        throw new DataError(`Cannot mask value of type class ${className(kind, value)} with custom replacement.`);
    }
  } catch (err) {
    if (err instanceof DataError && err.message.startsWith("Cannot mask")) throw err;
    throw numberError(err);
  }
}

const UNMASKED = Symbol("unmasked");
const COMPUTED = Symbol("computed");
/** A value of each plain primitive schema type, to find the kind of its values. */
const PRIMITIVE_SAMPLES: Partial<Record<string, unknown>> = {
  BOOLEAN: true,
  INT8: 1,
  INT16: 1,
  INT32: 1,
  INT64: 1n,
  FLOAT32: 1.5,
  FLOAT64: 1.5,
  STRING: "x",
};

export class MaskField implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #fields = new Set<string>();
  #replacement: string | null = null;
  #replaceNullWithDefault = true;
  /** Per struct schema, what each of its fields (by index) is masked with: UNMASKED, COMPUTED or the value. */
  readonly #masks = new SchemaCache<readonly unknown[]>();
  readonly [SCHEMA_STEPS]: SchemaSteps;

  constructor(side: RecordSide) {
    this.#side = side;
    this[SCHEMA_STEPS] = { side, stepFor: (schema) => this.#stepFor(schema) };
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(MASK_FIELD_CONFIG_DEF, configs);
    this.#fields = new Set(config.getList("fields"));
    this.#replacement = config.getString("replacement");
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#masks.clear();
  }

  #masked(value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null;
    const kind = kindOf(value, schema);
    return this.#replacement === null ? maskWithNull(value, kind) : maskWithReplacement(value, kind, this.#replacement);
  }

  /**
   * A plain primitive field masked with null-equivalents: its non-null values can only be of its
   * schema type, so the mask is one constant. Anything else is masked per value.
   */
  #maskOf(field: Field): unknown {
    if (!this.#fields.has(field.name())) return UNMASKED;
    const schema = field.schema();
    if (this.#replacement !== null || schema.name() !== null) return COMPUTED;
    switch (schema.type()) {
      case "BOOLEAN":
      case "INT8":
      case "INT16":
      case "INT32":
      case "INT64":
      case "FLOAT32":
      case "FLOAT64":
      case "STRING":
        return maskWithNull(null, kindOf(PRIMITIVE_SAMPLES[schema.type()], schema));
      default:
        return COMPUTED;
    }
  }

  #masksOf(schema: Schema): readonly unknown[] {
    return this.#masks.set(schema, schema.fields().map((field) => this.#maskOf(field)));
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    if (this.#side.schema(record) === null) {
      const map = requireMap(value, PURPOSE);
      const updated = copyMap(map);
      for (const field of this.#fields) mapSet(updated, field, this.#masked(mapGet(map, field), null));
      return this.#side.newRecord(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const schema = struct.schema();
    return this.#side.newRecord(record, schema, madeStruct(this.#mask(struct, this.#masks.get(schema) ?? this.#masksOf(schema), takeStructLoan(struct))));
  }

  #stepFor(schema: Schema): SchemaStep {
    const masks = this.#masks.get(schema) ?? this.#masksOf(schema);
    return {
      schema,
      makes: true,
      run: (value, _record, owned) => (value instanceof Struct && value.schema() === schema ? this.#mask(value, masks, owned) : BAIL),
    };
  }

  /**
   * `struct` with its fields masked (`masks` by field index). `owned`: nobody else holds it, so it is
   * masked in place (same schema, same fields). No closure here: one would cost every call a context.
   */
  #mask(struct: Struct, masks: readonly unknown[], owned: boolean): Struct {
    const schema = struct.schema();
    const updated = owned ? struct : new Struct(schema);
    const fields = schema.fields();
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as Field;
      const mask = masks[i];
      if (mask === UNMASKED) {
        updated.putFrom(field, struct, field, this.#replaceNullWithDefault);
        continue;
      }
      const original = structFieldValue(struct, field, this.#replaceNullWithDefault);
      updated.put(field, original === null ? null : mask === COMPUTED ? this.#masked(original, field.schema()) : mask);
    }
    return updated;
  }

  config(): ConfigDef {
    return MASK_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.#masks.clear();
  }
}

export const maskFieldPlugins = keyValueTransformations("MaskField", (side) => new MaskField(side));
