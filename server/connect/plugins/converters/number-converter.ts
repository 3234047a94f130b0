import {
  AbstractConfig,
  DataError,
  SchemaAndValue,
  describeValue,
  newConverterConfigDef,
  withConverterType,
  type ConfigDef,
  type Converter,
  type ConverterConfigs,
  type HeaderConverter,
  type Headers,
  type Schema,
} from "../../api";

/**
 * The shared shape of Kafka's ShortConverter, IntegerConverter, LongConverter, FloatConverter and
 * DoubleConverter: fixed-width big-endian bytes, as Kafka's client serializers write them. The schema
 * is not checked, only the value's type; reading gives the type's optional schema.
 */
export interface NumberCodec {
  /** Kafka's type name in messages: "short", "integer", "long", "float", "double". */
  typeName: string;
  schema: Schema;
  size: number;
  /** Kafka's deserializer name in the size error. */
  deserializerName: string;
  /** False when the value is not of this type (Kafka's ClassCastException). */
  accepts(value: unknown): boolean;
  write(view: DataView, value: unknown): void;
  read(view: DataView): unknown;
}

const CONFIG_DEF: ConfigDef = newConverterConfigDef();

export class NumberConverter implements Converter, HeaderConverter {
  readonly #codec: NumberCodec;

  constructor(codec: NumberCodec) {
    this.#codec = codec;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(configs: ConverterConfigs, isKey?: boolean): void {
    // Only validates converter.type; these converters have no settings.
    new AbstractConfig(CONFIG_DEF, isKey === undefined ? configs : withConverterType(configs, isKey));
  }

  fromConnectData(_topic: string, _headers: Headers | null, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    const codec = this.#codec;
    if (!codec.accepts(value)) {
      throw new DataError(`Failed to serialize to ${codec.typeName} (was ${describeValue(value)}): `);
    }
    const out = Buffer.alloc(codec.size);
    codec.write(new DataView(out.buffer, out.byteOffset, out.byteLength), value);
    return out;
  }

  toConnectData(_topic: string, _headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue {
    const codec = this.#codec;
    if (bytes === null) return new SchemaAndValue(codec.schema, null);
    if (bytes.length !== codec.size) {
      throw new DataError(`Failed to deserialize ${codec.typeName}: `, {
        cause: new Error(`Size of data received by ${codec.deserializerName} is not ${codec.size}`),
      });
    }
    return new SchemaAndValue(codec.schema, codec.read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, bytes);
  }

  close(): void {}
}

export const NUMBER_CONVERTER_TYPES = ["converter", "header_converter"] as const;
