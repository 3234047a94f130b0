import {
  AbstractConfig,
  CONNECT_VERSION,
  DataError,
  Schema,
  SchemaAndValue,
  describeValue,
  newConverterConfigDef,
  withConverterType,
  type ConfigDef,
  type Converter,
  type ConverterConfigs,
  type ConverterPlugin,
  type HeaderConverter,
  type Headers,
} from "../../api";

/**
 * org.apache.kafka.connect.converters.BooleanConverter: one byte, 0x01 for true and 0x00 for false.
 * Writing needs a BOOLEAN schema (or none); reading gives an optional BOOLEAN.
 */

const CLASS_NAME = "org.apache.kafka.connect.converters.BooleanConverter";
const CONFIG_DEF: ConfigDef = newConverterConfigDef();

export class BooleanConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(configs: ConverterConfigs, isKey?: boolean): void {
    new AbstractConfig(CONFIG_DEF, isKey === undefined ? configs : withConverterType(configs, isKey));
  }

  fromConnectData(_topic: string, _headers: Headers | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type() !== "BOOLEAN") {
      throw new DataError(`Invalid schema type for BooleanConverter: ${schema.type()}`);
    }
    if (value === null || value === undefined) return null;
    if (typeof value !== "boolean") {
      throw new DataError(`BooleanConverter is not compatible with objects of type ${describeValue(value)}`);
    }
    return Buffer.from([value ? 0x01 : 0x00]);
  }

  toConnectData(_topic: string, _headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
    const fail = (reason: string): never => {
      throw new DataError("Failed to deserialize boolean: ", { cause: new Error(reason) });
    };
    if (bytes.length !== 1) fail("Size of data received by BooleanDeserializer is not 1");
    const b = bytes[0];
    if (b === 0x01) return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, true);
    if (b === 0x00) return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, false);
    // Java prints the byte signed.
    return fail(`Unexpected byte received by BooleanDeserializer: ${((b as number) << 24) >> 24}`);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, bytes);
  }

  close(): void {}
}

const TYPES = ["converter", "header_converter"] as const;

export const booleanConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: TYPES,
  version: CONNECT_VERSION,
  create: () => new BooleanConverter(),
};
