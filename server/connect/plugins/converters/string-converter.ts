import {
  AbstractConfig,
  CONNECT_VERSION,
  ConfigError,
  DataError,
  Schema,
  SchemaAndValue,
  newConverterConfigDef,
  toJavaString,
  withConverterType,
  type ConfigDef,
  type Converter,
  type ConverterConfigs,
  type ConverterPlugin,
  type HeaderConverter,
  type Headers,
} from "../../api";

/**
 * org.apache.kafka.connect.storage.StringConverter: values as text in `converter.encoding` (Java
 * charset names: UTF-8 by default, also ISO-8859-1, US-ASCII, UTF-16, UTF-16BE, UTF-16LE). Any value
 * is written as its string form; reading always gives an optional STRING.
 */

const CLASS_NAME = "org.apache.kafka.connect.storage.StringConverter";
export const ENCODING_CONFIG = "converter.encoding";

const CONFIG_DEF: ConfigDef = newConverterConfigDef().define({
  name: ENCODING_CONFIG,
  type: "STRING",
  defaultValue: "UTF-8",
  importance: "HIGH",
  documentation: "The name of the Java character set to use for encoding strings as byte arrays.",
  group: null,
  orderInGroup: -1,
  width: "MEDIUM",
  displayName: "Encoding",
});

interface Charset {
  encode(text: string): Buffer;
  decode(bytes: Uint8Array): string;
}

/** Characters the charset cannot hold become '?', as Java's encoders replace them. */
function singleByte(maxCode: number): Charset {
  return {
    encode: (text) => Buffer.from(Array.from(text, (ch) => {
      const code = ch.codePointAt(0) as number;
      return code <= maxCode ? code : 0x3f;
    })),
    decode: (bytes) => Array.from(bytes, (b) => (b <= maxCode ? String.fromCharCode(b) : "\uFFFD")).join(""),
  };
}

function swapBytes(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return out.swap16();
}

const utf16le: Charset = {
  encode: (text) => Buffer.from(text, "utf16le"),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf16le"),
};

const utf16be: Charset = {
  encode: (text) => Buffer.from(text, "utf16le").swap16(),
  decode: (bytes) => swapBytes(bytes).toString("utf16le"),
};

const CHARSETS: Record<string, Charset> = {
  "UTF-8": {
    encode: (text) => Buffer.from(text, "utf8"),
    decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
  },
  "ISO-8859-1": singleByte(0xff),
  "US-ASCII": singleByte(0x7f),
  "UTF-16LE": utf16le,
  "UTF-16BE": utf16be,
  // Java's UTF-16 writes a big-endian byte-order mark and reads either order (big-endian without a mark).
  "UTF-16": {
    encode: (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be.encode(text)]),
    decode: (bytes) => {
      if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be.decode(bytes.subarray(2));
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le.decode(bytes.subarray(2));
      return utf16be.decode(bytes);
    },
  },
};

const CHARSET_ALIASES: Record<string, string> = {
  UTF8: "UTF-8",
  "ISO8859-1": "ISO-8859-1",
  ISO8859_1: "ISO-8859-1",
  LATIN1: "ISO-8859-1",
  "ISO-LATIN-1": "ISO-8859-1",
  ASCII: "US-ASCII",
  "ISO646-US": "US-ASCII",
  UTF_16: "UTF-16",
  UTF16: "UTF-16",
  UTF_16BE: "UTF-16BE",
  UTF_16LE: "UTF-16LE",
  UNICODEBIGUNMARKED: "UTF-16BE",
  UNICODELITTLEUNMARKED: "UTF-16LE",
};

/** A Java charset name (case-insensitive, common aliases too); ConfigError when unsupported. */
export function charsetFor(name: string): Charset {
  const upper = name.toUpperCase();
  const charset = CHARSETS[CHARSET_ALIASES[upper] ?? upper];
  if (!charset) throw new ConfigError(`Unsupported encoding ${name}`, { key: ENCODING_CONFIG });
  return charset;
}

export class StringConverter implements Converter, HeaderConverter {
  #charset: Charset = charsetFor("UTF-8");

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(configs: ConverterConfigs, isKey?: boolean): void {
    const config = new AbstractConfig(CONFIG_DEF, isKey === undefined ? configs : withConverterType(configs, isKey));
    this.#charset = charsetFor(config.getString(ENCODING_CONFIG) ?? "UTF-8");
  }

  fromConnectData(_topic: string, _headers: Headers | null, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    try {
      return this.#charset.encode(toJavaString(value, schema));
    } catch (err) {
      throw new DataError("Failed to serialize to a string: ", { cause: err });
    }
  }

  toConnectData(_topic: string, _headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null);
    try {
      return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, this.#charset.decode(bytes));
    } catch (err) {
      throw new DataError("Failed to deserialize string: ", { cause: err });
    }
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

export const stringConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: TYPES,
  version: CONNECT_VERSION,
  create: () => new StringConverter(),
};
