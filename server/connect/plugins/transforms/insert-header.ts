import {
  AbstractConfig,
  ConfigDef,
  KEEPS_NO_RECORDS,
  NonNullValidator,
  SchemaAndValue,
  Values,
  type AnyRecord,
  type Transformation,
} from "../../api";
import { TRANSFORMS_PACKAGE, transformation } from "./util";

/** org.apache.kafka.connect.transforms.InsertHeader: adds one header whose value is parsed from a literal. */

export const INSERT_HEADER_CONFIG_DEF = new ConfigDef()
  .define({ name: "header", type: "STRING", validator: new NonNullValidator(), importance: "HIGH", documentation: "The name of the header." })
  .define({
    name: "value.literal",
    type: "STRING",
    validator: new NonNullValidator(),
    importance: "HIGH",
    documentation: "The literal value that is to be set as the header value on all records.",
  });

export class InsertHeader implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  #header = "";
  #value: SchemaAndValue = SchemaAndValue.NULL;

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(INSERT_HEADER_CONFIG_DEF, configs);
    this.#header = config.getString("header") ?? "";
    // Parsed once: every record gets the same typed value (Values infers int, boolean, list...).
    this.#value = Values.parseString(config.getString("value.literal"));
  }

  apply<R extends AnyRecord>(record: R): R {
    const headers = record.headers.duplicate().add(this.#header, this.#value);
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp, headers) as R;
  }

  config(): ConfigDef {
    return INSERT_HEADER_CONFIG_DEF;
  }

  close(): void {}
}

export const insertHeaderPlugin = transformation(`${TRANSFORMS_PACKAGE}.InsertHeader`, () => new InsertHeader());
