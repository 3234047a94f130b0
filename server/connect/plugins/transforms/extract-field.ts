import { AbstractConfig, ConfigDef, DataError, KEEPS_NO_RECORDS, type AnyRecord, type Field, type Schema, Struct, type Transformation } from "../../api";
import { BAIL, SCHEMA_STEPS, type SchemaStep, type SchemaSteps } from "../../api/schema-steps";
import { FIELD_SYNTAX_VERSION_CONFIG, SingleFieldPath, appendFieldSyntaxVersionConfig, fieldSyntaxVersion } from "./field-path";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  keyValueTransformations,
  requireMapOrNull,
  requireStructOrNull,
  type RecordSide,
} from "./util";

/** org.apache.kafka.connect.transforms.ExtractField$Key/$Value: replaces the key/value with one (nested) field. */

export const EXTRACT_FIELD_CONFIG_DEF = appendFieldSyntaxVersionConfig(
  new ConfigDef()
    .define({ name: "field", type: "STRING", importance: "MEDIUM", documentation: "Field name to extract." })
    .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC }),
);

const PURPOSE = "field extraction";

export class ExtractField implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #path = new SingleFieldPath("", "V1");
  #original = "";
  #replaceNullWithDefault = true;
  /** The extracted field, by the schema it is resolved in. */
  readonly #fields = new SchemaCache<Field>();
  readonly [SCHEMA_STEPS]: SchemaSteps;

  constructor(side: RecordSide) {
    this.#side = side;
    this[SCHEMA_STEPS] = { side, stepFor: (schema) => this.#stepFor(schema) };
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(EXTRACT_FIELD_CONFIG_DEF, configs);
    this.#original = config.getString("field") ?? "";
    this.#path = new SingleFieldPath(this.#original, fieldSyntaxVersion(config.getString(FIELD_SYNTAX_VERSION_CONFIG) ?? "V1"));
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#fields.clear();
  }

  apply<R extends AnyRecord>(record: R): R {
    const schema = this.#side.schema(record);
    const value = this.#side.value(record);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return this.#side.newRecord(record, null, map === null ? null : this.#path.valueFromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    const field = this.#fieldFrom(schema);
    return this.#side.newRecord(record, field.schema(), struct === null ? null : this.#valueFromStruct(struct, schema, field));
  }

  /** A step for a top-level field read with its default (the common case); none otherwise. */
  #stepFor(schema: Schema): SchemaStep | null {
    if (!this.#replaceNullWithDefault || this.#path.steps.length !== 1) return null;
    const field = this.#fieldFrom(schema);
    return { schema: field.schema(), makes: false, run: (value) => (value instanceof Struct && value.schema() === schema ? value.get(field) : BAIL) };
  }

  /** Resolved from the schema's own field index: no schema is built here. */
  #fieldFrom(schema: Schema): Field {
    const cached = this.#fields.get(schema);
    if (cached !== undefined) return cached;
    const field = this.#path.fieldFrom(schema);
    if (field === null) throw new DataError(`Unknown field: ${this.#original}`);
    return this.#fields.set(schema, field);
  }

  #valueFromStruct(struct: Struct, schema: Schema, field: Field): unknown {
    // A top-level field of the struct's own schema is read by its index.
    if (this.#replaceNullWithDefault && this.#path.steps.length === 1 && struct.schema() === schema) return struct.get(field);
    return this.#path.valueFromStruct(struct, this.#replaceNullWithDefault);
  }

  config(): ConfigDef {
    return EXTRACT_FIELD_CONFIG_DEF;
  }

  close(): void {}
}

export const extractFieldPlugins = keyValueTransformations("ExtractField", (side) => new ExtractField(side));
