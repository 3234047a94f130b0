import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  DataError,
  KEEPS_NO_RECORDS,
  Schema,
  SchemaBuilder,
  Struct,
  Timestamp,
  type AnyRecord,
  type Field,
  type Transformation,
} from "../../api";
import { EXTEND, madeStruct, takeStructLoan } from "../../api/data/struct";
import { BAIL, SCHEMA_STEPS, type SchemaStep, type SchemaSteps } from "../../api/schema-steps";
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

/** What a struct with one input schema becomes: the output schema and the fields values go to. */
interface Insertion {
  readonly schema: Schema;
  /** The input schema's fields, and the output fields of the same names (same order). */
  readonly from: readonly Field[];
  readonly to: readonly Field[];
  readonly topic: Field | null;
  readonly partition: Field | null;
  readonly offset: Field | null;
  readonly timestamp: Field | null;
  readonly static: Field | null;
  /**
   * The output keeps the input's fields at their indexes with the very same schemas, and none has a
   * default: a struct the chain owns becomes the output in place (Struct EXTEND), values unchanged.
   */
  readonly extends: boolean;
}

export class InsertField implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #topic: InsertionSpec | null = null;
  #partition: InsertionSpec | null = null;
  #offset: InsertionSpec | null = null;
  #timestamp: InsertionSpec | null = null;
  #static: InsertionSpec | null = null;
  #staticValue: string | null = null;
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Insertion>();
  readonly [SCHEMA_STEPS]: SchemaSteps;

  constructor(side: RecordSide) {
    this.#side = side;
    this[SCHEMA_STEPS] = { side, stepFor: (schema) => this.#stepFor(schema) };
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
    const insertion = this.#cache.get(struct.schema()) ?? this.#insertion(struct.schema());
    return this.#side.newRecord(record, insertion.schema, madeStruct(this.#insert(record, struct, insertion, insertion.extends && takeStructLoan(struct))));
  }

  #stepFor(schema: Schema): SchemaStep {
    const insertion = this.#cache.get(schema) ?? this.#insertion(schema);
    return {
      schema: insertion.schema,
      makes: true,
      run: (value, record, owned) => (value instanceof Struct && value.schema() === schema ? this.#insert(record, value, insertion, owned) : BAIL),
    };
  }

  /** `struct` with the insertion's fields; `owned`: nobody else holds it, so it may be extended in place. */
  #insert(record: AnyRecord, struct: Struct, insertion: Insertion, owned: boolean): Struct {
    const { from, to } = insertion;
    let updated: Struct;
    if (owned && insertion.extends && struct[EXTEND](insertion.schema)) {
      updated = struct;
    } else {
      updated = new Struct(insertion.schema);
      for (let i = 0; i < from.length; i++) {
        updated.putFrom(to[i] as Field, struct, from[i] as Field, this.#replaceNullWithDefault);
      }
    }
    if (insertion.topic !== null) updated.put(insertion.topic, record.topic);
    if (insertion.partition !== null && record.kafkaPartition !== null) updated.put(insertion.partition, record.kafkaPartition);
    if (insertion.offset !== null) updated.put(insertion.offset, BigInt(requireSinkRecord(record, PURPOSE).kafkaOffset));
    if (insertion.timestamp !== null && record.timestamp !== null) updated.put(insertion.timestamp, new Date(record.timestamp));
    if (insertion.static !== null && this.#staticValue !== null) updated.put(insertion.static, this.#staticValue);
    return updated;
  }

  #insertion(input: Schema): Insertion {
    const schema = this.#updatedSchema(input);
    const field = (spec: InsertionSpec | null): Field | null => (spec === null ? null : outputField(schema, spec.name));
    const from = input.fields();
    return this.#cache.set(input, {
      schema,
      from,
      to: from.map((f) => outputField(schema, f.name())),
      topic: field(this.#topic),
      partition: field(this.#partition),
      offset: field(this.#offset),
      timestamp: field(this.#timestamp),
      static: field(this.#static),
      extends: from.every((f, i) => {
        const out = outputField(schema, f.name());
        return out.index() === i && f.index() === i && out.schema() === f.schema() && f.schema().defaultValue() === null;
      }),
    });
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

function outputField(schema: Schema, name: string): Field {
  const field = schema.field(name);
  if (field === null) throw new DataError(`${name} is not a valid field name`);
  return field;
}

export const insertFieldPlugins = keyValueTransformations("InsertField", (side) => new InsertField(side));
