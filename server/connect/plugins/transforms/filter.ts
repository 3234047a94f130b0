import { ConfigDef, KEEPS_NO_RECORDS, type AnyRecord, type Transformation } from "../../api";
import { TRANSFORMS_PACKAGE, transformation } from "./util";

/** org.apache.kafka.connect.transforms.Filter: drops every record; used with a predicate. */

export const FILTER_CONFIG_DEF = new ConfigDef();

export class Filter implements Transformation {
  /** apply() keeps no record. */
  readonly [KEEPS_NO_RECORDS] = true;
  configure(_configs: Record<string, string>): void {}

  apply(_record: AnyRecord): null {
    return null;
  }

  config(): ConfigDef {
    return FILTER_CONFIG_DEF;
  }

  close(): void {}
}

export const filterPlugin = transformation(`${TRANSFORMS_PACKAGE}.Filter`, () => new Filter());
