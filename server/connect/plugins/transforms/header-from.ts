import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  KEEPS_NO_RECORDS,
  SchemaBuilder,
  Struct,
  ValidString,
  type Header,
  type AnyRecord,
  type Schema,
  type Transformation,
} from "../../api";
import {
  NON_EMPTY_LIST,
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  copyMap,
  copySchemaBasics,
  keyValueTransformations,
  mapDelete,
  mapGet,
  requireMap,
  requireStruct,
  type RecordSide,
} from "./util";

/** org.apache.kafka.connect.transforms.HeaderFrom$Key/$Value: copies or moves fields into headers. */

export const HEADER_FROM_CONFIG_DEF = new ConfigDef()
  .define({
    name: "fields",
    type: "LIST",
    validator: NON_EMPTY_LIST,
    importance: "HIGH",
    documentation: "Field names in the record whose values are to be copied or moved to headers.",
  })
  .define({
    name: "headers",
    type: "LIST",
    validator: NON_EMPTY_LIST,
    importance: "HIGH",
    documentation: "Header names, in the same order as the field names listed in the fields configuration property.",
  })
  .define({
    name: "operation",
    type: "STRING",
    validator: ValidString.in("move", "copy"),
    importance: "HIGH",
    documentation:
      "Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).",
  })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

export class HeaderFrom implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #fields: string[] = [];
  #headers: string[] = [];
  #operation: "move" | "copy" = "copy";
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(HEADER_FROM_CONFIG_DEF, configs);
    this.#fields = config.getList("fields") ?? [];
    this.#headers = config.getList("headers") ?? [];
    if (this.#headers.length !== this.#fields.length) {
      throw new ConfigError("'fields' config must have the same number of elements as 'headers' config.");
    }
    this.#operation = config.getString("operation") === "move" ? "move" : "copy";
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#cache.clear();
  }

  #fieldValue(struct: Struct, name: string): unknown {
    return this.#replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    const schema = this.#side.schema(record);
    const headers = record.headers.duplicate();
    const purpose = `header ${this.#operation}`;
    if (schema === null) {
      const map = requireMap(value, purpose);
      const updated = copyMap(map);
      this.#fields.forEach((field, i) => {
        if (this.#operation === "move") mapDelete(updated, field);
        headers.add(this.#headers[i] as string, mapGet(map, field) ?? null, null);
      });
      return this.#newRecord(record, null, updated, headers);
    }
    const struct = requireStruct(value, purpose);
    let updatedSchema: Schema = schema;
    let updated: Struct = struct;
    if (this.#operation === "move") {
      updatedSchema = this.#cache.getOrCompute(schema, (s) => {
        const builder = copySchemaBasics(s, SchemaBuilder.struct());
        for (const field of s.fields()) if (!this.#fields.includes(field.name())) builder.field(field.name(), field.schema());
        return builder.build();
      });
      updated = new Struct(updatedSchema);
      for (const field of updatedSchema.fields()) updated.put(field, this.#fieldValue(struct, field.name()));
    }
    this.#fields.forEach((field, i) => {
      const structField = struct.schema().field(field);
      const fieldValue = structField !== null ? this.#fieldValue(struct, field) : null;
      // As in Kafka, a field missing from the schema fails here (NullPointerException there).
      const fieldSchema = schema.field(field)?.schema() ?? null;
      if (fieldSchema === null) throw new TypeError(`Field ${field} not found in schema`);
      headers.add(this.#headers[i] as string, fieldValue, fieldSchema);
    });
    return this.#newRecord(record, updatedSchema, updated, headers);
  }

  #newRecord<R extends AnyRecord>(record: R, schema: Schema | null, value: unknown, headers: Iterable<Header>): R {
    return (this.#side.name === "Key"
      ? record.newRecord(record.topic, record.kafkaPartition, schema, value, record.valueSchema, record.value, record.timestamp, headers)
      : record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, schema, value, record.timestamp, headers)) as R;
  }

  config(): ConfigDef {
    return HEADER_FROM_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const headerFromPlugins = keyValueTransformations("HeaderFrom", (side) => new HeaderFrom(side));
