import { AbstractConfig, CompositeValidator, ConfigDef, ConfigError, KEEPS_NO_RECORDS, NonEmptyString, type AnyRecord, type Predicate } from "../../api";
import { VALID_REGEX, fullMatcher, predicate } from "../transforms/util";

/** org.apache.kafka.connect.transforms.predicates.TopicNameMatches: the whole topic matches `pattern`. */

export const TOPIC_NAME_MATCHES_CONFIG_DEF = new ConfigDef().define({
  name: "pattern",
  type: "STRING",
  validator: CompositeValidator.of(new NonEmptyString(), VALID_REGEX),
  importance: "MEDIUM",
  documentation: "A Java regular expression for matching against the name of a record's topic.",
});

export class TopicNameMatches implements Predicate {
  /** test() only reads the record. */
  readonly [KEEPS_NO_RECORDS] = true;
  #pattern: RegExp = /$^/;

  configure(configs: Record<string, string>): void {
    const value = new AbstractConfig(TOPIC_NAME_MATCHES_CONFIG_DEF, configs).getString("pattern") ?? "";
    try {
      this.#pattern = fullMatcher(value);
    } catch (err) {
      throw ConfigError.invalidValue("pattern", value, `entry must be a Java-compatible regular expression: ${(err as Error).message}`);
    }
  }

  test(record: AnyRecord): boolean {
    return record.topic !== null && this.#pattern.test(record.topic);
  }

  config(): ConfigDef {
    return TOPIC_NAME_MATCHES_CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `TopicNameMatches{pattern=${this.#pattern.source}}`;
  }
}

export const topicNameMatchesPlugin = predicate(
  "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
  () => new TopicNameMatches(),
);
