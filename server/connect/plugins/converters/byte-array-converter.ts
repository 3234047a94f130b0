import {
  CONNECT_VERSION,
  DataError,
  Schema,
  SchemaAndValue,
  describeValue,
  newConverterConfigDef,
  type ConfigDef,
  type Converter,
  type ConverterConfigs,
  type ConverterPlugin,
  type HeaderConverter,
  type Headers,
} from "../../api";

/**
 * org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through unchanged. Writing needs
 * a BYTES schema (or none) and a Uint8Array; reading gives an optional BYTES value.
 */

const CLASS_NAME = "org.apache.kafka.connect.converters.ByteArrayConverter";
const CONFIG_DEF: ConfigDef = newConverterConfigDef();

export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  // Nothing to configure (Kafka does not even check converter.type here).
  configure(_configs: ConverterConfigs, _isKey?: boolean): void {}

  fromConnectData(_topic: string, _headers: Headers | null, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type() !== "BYTES") {
      throw new DataError(`Invalid schema type for ByteArrayConverter: ${schema.type()}`);
    }
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataError(`ByteArrayConverter is not compatible with objects of type ${describeValue(value)}`);
    }
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  toConnectData(_topic: string, _headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, bytes);
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

export const byteArrayConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: TYPES,
  version: CONNECT_VERSION,
  create: () => new ByteArrayConverter(),
};
