import { AbstractConfig, ConfigDef, KEEPS_NO_RECORDS, NonEmptyString, type AnyRecord, type Predicate } from "../../api";
import { predicate } from "../transforms/util";

/** org.apache.kafka.connect.transforms.predicates.HasHeaderKey: some header has the configured name. */

export const HAS_HEADER_KEY_CONFIG_DEF = new ConfigDef().define({
  name: "name",
  type: "STRING",
  validator: new NonEmptyString(),
  importance: "MEDIUM",
  documentation: "The header name.",
});

export class HasHeaderKey implements Predicate {
  /** test() only reads the record. */
  readonly [KEEPS_NO_RECORDS] = true;
  #name = "";

  configure(configs: Record<string, string>): void {
    this.#name = new AbstractConfig(HAS_HEADER_KEY_CONFIG_DEF, configs).getString("name") ?? "";
  }

  test(record: AnyRecord): boolean {
    for (const header of record.headers) if (header.key === this.#name) return true;
    return false;
  }

  config(): ConfigDef {
    return HAS_HEADER_KEY_CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `HasHeaderKey{name='${this.#name}'}`;
  }
}

export const hasHeaderKeyPlugin = predicate("org.apache.kafka.connect.transforms.predicates.HasHeaderKey", () => new HasHeaderKey());
