import { AbstractConfig, ConfigDef, KEEPS_NO_RECORDS, type AnyRecord, type Transformation } from "../../api";
import { TRANSFORMS_PACKAGE, VALID_REGEX, fullMatcher, javaRegex, javaReplacement, transformation } from "./util";

/**
 * org.apache.kafka.connect.transforms.RegexRouter: when the whole topic matches `regex`, the topic
 * becomes Java's `replaceFirst(replacement)` (`$1`, `${name}` group references).
 */

export const REGEX_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({ name: "regex", type: "STRING", validator: VALID_REGEX, importance: "HIGH", documentation: "Regular expression to use for matching." })
  .define({ name: "replacement", type: "STRING", importance: "HIGH", documentation: "Replacement string." });

export class RegexRouter implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  #matches: RegExp = /$^/;
  #first: RegExp = /$^/;
  #replacement = "";

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(REGEX_ROUTER_CONFIG_DEF, configs);
    const regex = config.getString("regex") ?? "";
    this.#matches = fullMatcher(regex);
    this.#first = javaRegex(regex);
    this.#replacement = config.getString("replacement") ?? "";
  }

  apply<R extends AnyRecord>(record: R): R {
    const topic = record.topic;
    if (!this.#matches.test(topic)) return record;
    this.#first.lastIndex = 0;
    const m = this.#first.exec(topic);
    if (m === null) return record;
    const updated = topic.slice(0, m.index) + javaReplacement(m, this.#replacement) + topic.slice(m.index + m[0].length);
    return record.newRecord(updated, record.kafkaPartition, record.keySchema, record.key, record.valueSchema, record.value, record.timestamp) as R;
  }

  config(): ConfigDef {
    return REGEX_ROUTER_CONFIG_DEF;
  }

  close(): void {}
}

export const regexRouterPlugin = transformation(`${TRANSFORMS_PACKAGE}.RegexRouter`, () => new RegexRouter());
