import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  Schema,
  SchemaBuilder,
  Struct,
  Timestamp,
  type AnyRecord,
  type Transformation,
} from "../../api";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  copyMap,
  copySchemaBasics,
  keyValueTransformations,
  mapSet,
  requireMap,
  requireSinkRecord,
  requireStruct,
  structFieldValue,
  type RecordSide,
} from "./util";

/** org.apache.kafka.connect.transforms.InsertField$Key/$Value: adds record metadata or a static field. */

const OPTIONALITY_DOC =
  "Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).";

export const INSERT_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: "topic.field", type: "STRING", defaultValue: null, importance: "MEDIUM", documentation: `Field name for Kafka topic. ${OPTIONALITY_DOC}` })
  .define({ name: "partition.field", type: "STRING", defaultValue: null, importance: "MEDIUM", documentation: `Field name for Kafka partition. ${OPTIONALITY_DOC}` })
  .define({
    name: "offset.field",
    type: "STRING",
    defaultValue: null,
    importance: "MEDIUM",
    documentation: `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`,
  })
  .define({ name: "timestamp.field", type: "STRING", defaultValue: null, importance: "MEDIUM", documentation: `Field name for record timestamp. ${OPTIONALITY_DOC}` })
  .define({ name: "static.field", type: "STRING", defaultValue: null, importance: "MEDIUM", documentation: `Field name for static data field. ${OPTIONALITY_DOC}` })
  .define({ name: "static.value", type: "STRING", defaultValue: null, importance: "MEDIUM", documentation: "Static field value, if field name configured." })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

const PURPOSE = "field insertion";
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();

interface InsertionSpec {
  name: string;
  optional: boolean;
}

/** `name!` is required, `name?` (or a bare name) optional. */
function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith("?")) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith("!")) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export class InsertField implements Transformation {
  readonly #side: RecordSide;
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache();

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(INSERT_FIELD_CONFIG_DEF, configs);
    this.#topic = parseSpec(config.getString("topic.field"));
    this.#partition = parseSpec(config.getString("partition.field"));
    this.#offset = parseSpec(config.getString("offset.field"));
    this.#timestamp = parseSpec(config.getString("timestamp.field"));
    this.#static = parseSpec(config.getString("static.field"));
    this.#staticValue = config.getString("static.value");
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    if (!this.#topic && !this.#partition && !this.#offset && !this.#timestamp && !this.#static) {
      throw new ConfigError("No field insertion configured");
    }
    if (this.#static !== null && this.#staticValue === null) {
      throw ConfigError.invalidValue("static.value", "null", `No value specified for static field: ${this.#static.name}`);
    }
    this.#cache.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    if (value === null) return record;
    if (this.#side.schema(record) === null) return this.#applySchemaless(record, value);
    return this.#applyWithSchema(record, value);
  }

  #applySchemaless<R extends AnyRecord>(record: R, value: unknown): R {
    const updated = copyMap(requireMap(value, PURPOSE));
    if (this.#topic) mapSet(updated, this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) mapSet(updated, this.#partition.name, record.kafkaPartition);
    if (this.#offset) mapSet(updated, this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) mapSet(updated, this.#timestamp.name, BigInt(record.timestamp));
    if (this.#static && this.#staticValue !== null) mapSet(updated, this.#static.name, this.#staticValue);
    return this.#side.newRecord(record, null, updated);
  }

  #applyWithSchema<R extends AnyRecord>(record: R, value: unknown): R {
    const struct = requireStruct(value, PURPOSE);
    const schema = this.#cache.getOrCompute(struct.schema(), (s) => this.#updatedSchema(s));
    const updated = new Struct(schema);
    for (const field of struct.schema().fields()) {
      updated.put(field.name(), structFieldValue(struct, field, this.#replaceNullWithDefault));
    }
    if (this.#topic) updated.put(this.#topic.name, record.topic);
    if (this.#partition && record.kafkaPartition !== null) updated.put(this.#partition.name, record.kafkaPartition);
    if (this.#offset) updated.put(this.#offset.name, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (this.#timestamp && record.timestamp !== null) updated.put(this.#timestamp.name, new Date(record.timestamp));
    if (this.#static && this.#staticValue !== null) updated.put(this.#static.name, this.#staticValue);
    return this.#side.newRecord(record, schema, updated);
  }

  #updatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields()) builder.field(field.name(), field.schema());
    const t = this.#topic;
    const p = this.#partition;
    const o = this.#offset;
    const ts = this.#timestamp;
    const st = this.#static;
    if (t) builder.field(t.name, t.optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
    if (p) builder.field(p.name, p.optional ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA);
    if (o) builder.field(o.name, o.optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA);
    if (ts) builder.field(ts.name, ts.optional ? OPTIONAL_TIMESTAMP_SCHEMA : Timestamp.SCHEMA);
    if (st) builder.field(st.name, st.optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
    return builder.build();
  }

  config(): ConfigDef {
    return INSERT_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const insertFieldPlugins = keyValueTransformations("InsertField", (side) => new InsertField(side));
