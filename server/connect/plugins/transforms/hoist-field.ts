import { AbstractConfig, ConfigDef, KEEPS_NO_RECORDS, SchemaBuilder, Struct, type AnyRecord, type Field, type Schema, type Transformation } from "../../api";
import { madeStruct } from "../../api/data/struct";
import { SCHEMA_STEPS, type SchemaStep, type SchemaSteps } from "../../api/schema-steps";
import { SchemaCache, keyValueTransformations, type RecordSide } from "./util";

/** org.apache.kafka.connect.transforms.HoistField$Key/$Value: wraps the key/value in a one-field struct or map. */

export const HOIST_FIELD_CONFIG_DEF = new ConfigDef().define({
  name: "field",
  type: "STRING",
  importance: "MEDIUM",
  documentation: "Field name for the single field that will be created in the resulting Struct or Map.",
});

interface Hoisted {
  readonly schema: Schema;
  readonly field: Field;
}

export class HoistField implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #field = "";
  /** The wrapper's schema and its one field, by the wrapped schema. */
  readonly #cache = new SchemaCache<Hoisted>();
  readonly [SCHEMA_STEPS]: SchemaSteps;

  constructor(side: RecordSide) {
    this.#side = side;
    this[SCHEMA_STEPS] = { side, stepFor: (schema) => this.#stepFor(schema) };
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
    const hoisted = this.#cache.get(schema) ?? this.#hoisted(schema);
    return this.#side.newRecord(record, hoisted.schema, madeStruct(hoist(hoisted, value)));
  }

  #stepFor(schema: Schema): SchemaStep {
    const hoisted = this.#cache.get(schema) ?? this.#hoisted(schema);
    return { schema: hoisted.schema, makes: true, run: (value) => hoist(hoisted, value) };
  }

  #hoisted(schema: Schema): Hoisted {
    const updatedSchema = SchemaBuilder.struct().field(this.#field, schema).build();
    return this.#cache.set(schema, { schema: updatedSchema, field: updatedSchema.fields()[0] as Field });
  }

  config(): ConfigDef {
    return HOIST_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

function hoist(hoisted: Hoisted, value: unknown): Struct {
  return new Struct(hoisted.schema).put(hoisted.field, value);
}

export const hoistFieldPlugins = keyValueTransformations("HoistField", (side) => new HoistField(side));
