import { AbstractConfig, ConfigDef, Headers, KEEPS_NO_RECORDS, type AnyRecord, type Transformation } from "../../api";
import { NON_EMPTY_LIST, TRANSFORMS_PACKAGE, transformation } from "./util";

/** org.apache.kafka.connect.transforms.DropHeaders: removes every header with one of the names. */

export const DROP_HEADERS_CONFIG_DEF = new ConfigDef().define({
  name: "headers",
  type: "LIST",
  validator: NON_EMPTY_LIST,
  importance: "HIGH",
  documentation: "The name of the headers to be removed.",
});

export class DropHeaders implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  #headers = new Set<string>();

  configure(configs: Record<string, string>): void {
    this.#headers = new Set(new AbstractConfig(DROP_HEADERS_CONFIG_DEF, configs).getList("headers"));
  }

  apply<R extends AnyRecord>(record: R): R {
    const kept = new Headers();
    for (const header of record.headers) if (!this.#headers.has(header.key)) kept.add(header);
    return record.newRecord(record.topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp, kept) as R;
  }

  config(): ConfigDef {
    return DROP_HEADERS_CONFIG_DEF;
  }

  close(): void {}
}

export const dropHeadersPlugin = transformation(`${TRANSFORMS_PACKAGE}.DropHeaders`, () => new DropHeaders());
