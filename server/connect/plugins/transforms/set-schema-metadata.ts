import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  ConnectSchema,
  KEEPS_NO_RECORDS,
  Struct,
  type AnyRecord,
  type Schema,
  type Transformation,
} from "../../api";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  keyValueTransformations,
  requireSchema,
  structFieldValue,
  type RecordSide,
} from "./util";

/** org.apache.kafka.connect.transforms.SetSchemaMetadata$Key/$Value: sets the schema name and/or version. */

export const SET_SCHEMA_METADATA_CONFIG_DEF = new ConfigDef()
  .define({ name: "schema.name", type: "STRING", defaultValue: null, importance: "HIGH", documentation: "Schema name to set." })
  .define({ name: "schema.version", type: "INT", defaultValue: null, importance: "HIGH", documentation: "Schema version to set." })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

export class SetSchemaMetadata implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #name: string | null = null;
  #version: number | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(SET_SCHEMA_METADATA_CONFIG_DEF, configs);
    this.#name = config.getString("schema.name");
    this.#version = config.getInt("schema.version");
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    if (this.#name === null && this.#version === null) throw new ConfigError("Neither schema name nor version configured");
    this.#cache.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    const schema = this.#side.schema(record);
    if (value === null && schema === null) return record;
    requireSchema(schema, "updating schema metadata");
    const updated = this.#cache.getOrCompute(schema, (s) => this.#updatedSchema(s));
    return this.#side.newRecord(record, updated, this.#updateSchemaIn(value, updated));
  }

  #updatedSchema(schema: Schema): Schema {
    const type = schema.type();
    return new ConnectSchema(type, {
      optional: schema.isOptional(),
      defaultValue: schema.defaultValue(),
      name: this.#name ?? schema.name(),
      version: this.#version ?? schema.version(),
      doc: schema.doc(),
      parameters: schema.parameters(),
      fields: type === "STRUCT" ? schema.fields() : null,
      keySchema: type === "MAP" ? schema.keySchema() : null,
      valueSchema: type === "MAP" || type === "ARRAY" ? schema.valueSchema() : null,
    });
  }

  /** A Struct refers to its schema, so it is copied onto the renamed one; other values are kept. */
  #updateSchemaIn(value: unknown, schema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const copy = new Struct(schema);
    for (const field of schema.fields()) copy.put(field, structFieldValue(value, field, this.#replaceNullWithDefault));
    return copy;
  }

  config(): ConfigDef {
    return SET_SCHEMA_METADATA_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const setSchemaMetadataPlugins = keyValueTransformations("SetSchemaMetadata", (side) => new SetSchemaMetadata(side));
