import {
  CONNECT_VERSION,
  ConfigDef,
  Schema,
  SchemaAndValue,
  Values,
  type ConverterConfigs,
  type ConverterPlugin,
  type HeaderConverter,
} from "../../api";

/**
 * org.apache.kafka.connect.storage.SimpleHeaderConverter, the default `header.converter`: header
 * values as their UTF-8 string form (`Values.convertToString`), read back with type inference
 * (`Values.parseString`: `true` → BOOLEAN, `42` → INT8, `[1,2]` → ARRAY, `{"a":1}` → MAP, ISO dates,
 * anything else STRING). Text that cannot be parsed comes back as the raw BYTES.
 */

const CLASS_NAME = "org.apache.kafka.connect.storage.SimpleHeaderConverter";
const CONFIG_DEF = new ConfigDef();
const utf8 = new TextDecoder("utf-8");

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(_configs: ConverterConfigs): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(Values.convertToString(schema, value) ?? "", "utf8");
  }

  toConnectHeader(_topic: string, _headerKey: string, bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return SchemaAndValue.NULL;
    try {
      return Values.parseString(utf8.decode(bytes));
    } catch {
      return new SchemaAndValue(Schema.BYTES_SCHEMA, bytes);
    }
  }

  close(): void {}
}

const TYPES = ["header_converter"] as const;

export const simpleHeaderConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: TYPES,
  version: CONNECT_VERSION,
  create: () => new SimpleHeaderConverter(),
};
