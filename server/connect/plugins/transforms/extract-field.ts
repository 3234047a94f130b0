import { AbstractConfig, ConfigDef, DataError, type AnyRecord, type Transformation } from "../../api";
import { FIELD_SYNTAX_VERSION_CONFIG, SingleFieldPath, appendFieldSyntaxVersionConfig, fieldSyntaxVersion } from "./field-path";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
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
  readonly #side: RecordSide;
  #path = new SingleFieldPath("", "V1");
  #original = "";
  #replaceNullWithDefault = true;

  constructor(side: RecordSide) {
    this.#side = side;
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(EXTRACT_FIELD_CONFIG_DEF, configs);
    this.#original = config.getString("field") ?? "";
    this.#path = new SingleFieldPath(this.#original, fieldSyntaxVersion(config.getString(FIELD_SYNTAX_VERSION_CONFIG) ?? "V1"));
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
  }

  apply<R extends AnyRecord>(record: R): R {
    const schema = this.#side.schema(record);
    const value = this.#side.value(record);
    if (schema === null) {
      const map = requireMapOrNull(value, PURPOSE);
      return this.#side.newRecord(record, null, map === null ? null : this.#path.valueFromMap(map));
    }
    const struct = requireStructOrNull(value, PURPOSE);
    // Resolved per record from the schema's own field index: no schema is built here.
    const field = this.#path.fieldFrom(schema);
    if (field === null) throw new DataError(`Unknown field: ${this.#original}`);
    return this.#side.newRecord(record, field.schema(), struct === null ? null : this.#path.valueFromStruct(struct, this.#replaceNullWithDefault));
  }

  config(): ConfigDef {
    return EXTRACT_FIELD_CONFIG_DEF;
  }

  close(): void {}
}

export const extractFieldPlugins = keyValueTransformations("ExtractField", (side) => new ExtractField(side));
