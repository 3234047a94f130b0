import {
  AbstractConfig,
  ConfigDef,
  ConnectSchema,
  DataError,
  KEEPS_NO_RECORDS,
  SchemaBuilder,
  Struct,
  type AnyRecord,
  type Schema,
  type Transformation,
} from "../../api";
import {
  SchemaCache,
  copySchemaBasics,
  javaClassName,
  keyValueTransformations,
  mapEntriesOf,
  mapSet,
  requireMap,
  requireStructOrNull,
  type MapValue,
  type RecordSide,
} from "./util";

/**
 * org.apache.kafka.connect.transforms.Flatten$Key/$Value: nested structs/maps become top-level fields
 * named `parent<delimiter>child`; arrays are left as they are. Fields under an optional parent become
 * optional, and a parent's default struct supplies the children's defaults, as in Kafka.
 */

export const FLATTEN_CONFIG_DEF = new ConfigDef().define({
  name: "delimiter",
  type: "STRING",
  defaultValue: ".",
  importance: "MEDIUM",
  documentation: "Delimiter to insert between field names from the input record when generating field names for the output record",
});

const PURPOSE = "flattening";

export class Flatten implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #delimiter = ".";
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    this.#delimiter = new AbstractConfig(FLATTEN_CONFIG_DEF, configs).getString("delimiter") ?? ".";
    this.#cache.clear();
  }

  #name(prefix: string, name: string): string {
    return prefix === "" ? name : prefix + this.#delimiter + name;
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    if (value === null) return record;
    const schema = this.#side.schema(record);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      // Insertion-ordered, as Kafka's LinkedHashMap.
      const out: MapValue = map instanceof Map ? new Map<unknown, unknown>() : {};
      this.#flattenMap(map, "", out);
      return this.#side.newRecord(record, null, out);
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const updatedSchema = this.#cache.getOrCompute(schema, (s) => {
      const builder = copySchemaBasics(s, SchemaBuilder.struct());
      this.#buildSchema(s, "", builder, s.isOptional(), (s.defaultValue() as Struct | null) ?? null);
      return builder.build();
    });
    if (struct === null) return this.#side.newRecord(record, updatedSchema, null);
    const updated = new Struct(updatedSchema);
    this.#flattenStruct(struct, "", updated);
    return this.#side.newRecord(record, updatedSchema, updated);
  }

  #flattenMap(map: MapValue, prefix: string, out: MapValue): void {
    for (const [k, v] of mapEntriesOf(map)) {
      const name = this.#name(prefix, String(k));
      if (v === null || v === undefined) {
        mapSet(out, name, null);
        continue;
      }
      const type = ConnectSchema.schemaTypeOf(v);
      if (type === null) {
        throw new DataError(`Flatten transformation was passed a value of type class ${javaClassName(v)} which is not supported by Connect's data API`);
      }
      if (type === "MAP") this.#flattenMap(requireMap(v, PURPOSE), name, out);
      else if (type === "STRUCT") {
        throw new DataError(`Flatten transformation does not support class ${javaClassName(v)} for record without schemas (for field ${name}).`);
      } else mapSet(out, name, v);
    }
  }

  #buildSchema(schema: Schema, prefix: string, builder: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const field of schema.fields()) {
      const name = this.#name(prefix, field.name());
      const fieldOptional = optional || field.schema().isOptional();
      let fieldDefault: unknown = null;
      if (field.schema().defaultValue() !== null) fieldDefault = field.schema().defaultValue();
      else if (parentDefault !== null) fieldDefault = parentDefault.get(field);
      const type = field.schema().type();
      if (type === "STRUCT") {
        this.#buildSchema(field.schema(), name, builder, fieldOptional, (fieldDefault as Struct | null) ?? null);
      } else if (type === "MAP") {
        throw new DataError(`Flatten transformation does not support ${type} for record with schemas (for field ${name}).`);
      } else {
        const fieldBuilder = copySchemaBasics(field.schema());
        if (fieldOptional) fieldBuilder.optional();
        if (fieldDefault !== null) fieldBuilder.defaultValue(fieldDefault);
        builder.field(name, fieldBuilder.build());
      }
    }
  }

  #flattenStruct(struct: Struct, prefix: string, out: Struct): void {
    for (const field of struct.schema().fields()) {
      const name = this.#name(prefix, field.name());
      if (field.schema().type() === "STRUCT") {
        const nested = struct.get(field) as Struct | null;
        if (nested !== null) this.#flattenStruct(nested, name, out);
      } else {
        out.put(name, struct.get(field));
      }
    }
  }

  config(): ConfigDef {
    return FLATTEN_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const flattenPlugins = keyValueTransformations("Flatten", (side) => new Flatten(side));
