import {
  AbstractConfig,
  ConfigDef,
  DataError,
  KEEPS_NO_RECORDS,
  SchemaBuilder,
  Struct,
  type AnyRecord,
  type Transformation,
} from "../../api";
import {
  NON_EMPTY_LIST,
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  TRANSFORMS_PACKAGE,
  mapGet,
  mapSet,
  newMapLike,
  requireMap,
  requireStruct,
  transformation,
} from "./util";

/** org.apache.kafka.connect.transforms.ValueToKey: the key becomes a struct/map of some value fields. */

export const VALUE_TO_KEY_CONFIG_DEF = new ConfigDef()
  .define({ name: "fields", type: "LIST", validator: NON_EMPTY_LIST, importance: "HIGH", documentation: "Field names on the record value to extract as the record key." })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

const PURPOSE = "copying fields from value to key";

export class ValueToKey implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  #fields: string[] = [];
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(VALUE_TO_KEY_CONFIG_DEF, configs);
    this.#fields = config.getList("fields") ?? [];
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#cache.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = newMapLike(value);
      for (const field of this.#fields) mapSet(key, field, mapGet(value, field) ?? null);
      return record.newRecord(record.topic, record.kafkaPartition, null, key, record.valueSchema, record.value, record.timestamp) as R;
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.#cache.getOrCompute(value.schema(), (schema) => {
      const builder = SchemaBuilder.struct();
      for (const field of this.#fields) {
        const from = schema.field(field);
        if (from === null) throw new DataError(`Field does not exist: ${field}`);
        builder.field(field, from.schema());
      }
      return builder.build();
    });
    const key = new Struct(keySchema);
    for (const field of this.#fields) {
      key.put(field, this.#replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field));
    }
    return record.newRecord(record.topic, record.kafkaPartition, keySchema, key, value.schema(), value, record.timestamp) as R;
  }

  config(): ConfigDef {
    return VALUE_TO_KEY_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const valueToKeyPlugin = transformation(`${TRANSFORMS_PACKAGE}.ValueToKey`, () => new ValueToKey());
