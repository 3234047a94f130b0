import { ConfigDef } from "./config/config-def";
import { ValidString } from "./config/validators";
import type { Schema } from "./data/schema";
import type { SchemaAndValue } from "./data/schema-and-value";
import type { Headers } from "./headers";
import type { PluginDescriptor } from "./plugin";

/** Config maps handed to converters (already stripped of their `key.converter.`-style prefix). */
export type ConverterConfigs = Readonly<Record<string, unknown>>;

/**
 * Turns record keys/values into bytes and back. The runtime calls `configure` once, with `isKey`
 * telling whether it converts keys or values (it sets `converter.type` accordingly).
 *
 * `null` value → `null` bytes (a tombstone), and `null` bytes → {@link SchemaAndValue.NULL}.
 */
export interface Converter {
  configure(configs: ConverterConfigs, isKey: boolean): void;
  fromConnectData(topic: string, headers: Headers | null, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, headers: Headers | null, bytes: Uint8Array | null): SchemaAndValue;
  /** The converter's config definition (for `/connector-plugins/{p}/config` and validation). */
  config(): ConfigDef;
  close?(): void;
}

/** Turns header values into bytes and back; `configure` receives `converter.type=header`. */
export interface HeaderConverter {
  configure(configs: ConverterConfigs): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, bytes: Uint8Array | null): SchemaAndValue;
  config(): ConfigDef;
  close?(): void;
}

/** A converter plugin; `create` returns a fresh instance (converters are stateful once configured). */
export type ConverterPlugin = PluginDescriptor<Converter | HeaderConverter>;

export const CONVERTER_TYPE_CONFIG = "converter.type";
export type ConverterType = "key" | "value" | "header";

/**
 * A new ConfigDef holding `converter.type` (required; key, value or header), the key every built-in
 * converter's config starts with (Kafka's `ConverterConfig.newConfigDef`).
 */
export function newConverterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: "STRING",
    validator: ValidString.in("key", "value", "header"),
    importance: "LOW",
    documentation: "How this converter will be used.",
  });
}

/** `configs` plus `converter.type` for the converter's role, as Kafka's `configure(configs, isKey)` does. */
export function withConverterType(configs: ConverterConfigs, isKey: boolean): Record<string, unknown> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? "key" : "value" };
}
