import { AbstractConfig, ConfigDef, SchemaBuilder, Struct, type AnyRecord, type Transformation } from "../../api";
import { SchemaCache, keyValueTransformations, type RecordSide } from "./util";

/** org.apache.kafka.connect.transforms.HoistField$Key/$Value: wraps the key/value in a one-field struct or map. */

export const HOIST_FIELD_CONFIG_DEF = new ConfigDef().define({
  name: "field",
  type: "STRING",
  importance: "MEDIUM",
  documentation: "Field name for the single field that will be created in the resulting Struct or Map.",
});

export class HoistField implements Transformation {
  readonly #side: RecordSide;
  #field = "";
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    this.#field = new AbstractConfig(HOIST_FIELD_CONFIG_DEF, configs).getString("field") ?? "";
    this.#cache.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    const schema = this.#side.schema(record);
    const value = this.#side.value(record);
    if (schema === null) {
      // Converters hand schemaless maps over as JS Maps; the wrapper is one too.
      return this.#side.newRecord(record, null, new Map<unknown, unknown>([[this.#field, value]]));
    }
    const updatedSchema = this.#cache.getOrCompute(schema, (s) => SchemaBuilder.struct().field(this.#field, s).build());
    return this.#side.newRecord(record, updatedSchema, new Struct(updatedSchema).put(this.#field, value));
  }

  config(): ConfigDef {
    return HOIST_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const hoistFieldPlugins = keyValueTransformations("HoistField", (side) => new HoistField(side));
