import { AbstractConfig, ConfigDef, ConfigError, DataError, KEEPS_NO_RECORDS, type AnyRecord, type Transformation } from "../../api";
import { JavaDateFormat } from "./java-date-format";
import { TRANSFORMS_PACKAGE, transformation } from "./util";

/**
 * org.apache.kafka.connect.transforms.TimestampRouter: topic = `topic.format` with `${topic}` and
 * `${timestamp}` (the record timestamp in `timestamp.format`, UTC) substituted.
 */

export const TIMESTAMP_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({
    name: "topic.format",
    type: "STRING",
    defaultValue: "${topic}-${timestamp}",
    importance: "HIGH",
    documentation:
      "Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.",
  })
  .define({
    name: "timestamp.format",
    type: "STRING",
    defaultValue: "yyyyMMdd",
    importance: "HIGH",
    documentation: "Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.",
  });

export class TimestampRouter implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  #topicFormat = "";
  #format = new JavaDateFormat("yyyyMMdd");

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(TIMESTAMP_ROUTER_CONFIG_DEF, configs);
    this.#topicFormat = config.getString("topic.format") ?? "";
    const pattern = config.getString("timestamp.format") ?? "";
    try {
      this.#format = new JavaDateFormat(pattern);
    } catch (err) {
      // Java fails at the first record; Ferry says so at configure time.
      throw ConfigError.invalidValue("timestamp.format", pattern, (err as Error).message);
    }
  }

  apply<R extends AnyRecord>(record: R): R {
    const timestamp = record.timestamp;
    if (timestamp === null) throw new DataError(`Timestamp missing on record: ${record.toString()}`);
    const formatted = this.#format.format(new Date(timestamp));
    const topic = this.#topicFormat.replaceAll("${topic}", () => record.topic).replaceAll("${timestamp}", () => formatted);
    return record.newRecord(topic, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp) as R;
  }

  config(): ConfigDef {
    return TIMESTAMP_ROUTER_CONFIG_DEF;
  }

  close(): void {}
}

export const timestampRouterPlugin = transformation(`${TRANSFORMS_PACKAGE}.TimestampRouter`, () => new TimestampRouter());
