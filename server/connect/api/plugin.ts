/**
 * Plugin metadata shared by every plugin kind: what `GET /connector-plugins` lists and how a config
 * names a plugin (full Kafka class name, or an alias).
 */

/** The Connect version Ferry's built-in plugins report (`PluginInfo.version`). */
export const CONNECT_VERSION = "3.9.0";

/** Kafka's plugin types, lower-cased as the REST API prints them. */
export type PluginType = "source" | "sink" | "converter" | "header_converter" | "transformation" | "predicate";

export interface PluginDescriptor<T> {
  /** Kafka's fully-qualified class name, e.g. `org.apache.kafka.connect.json.JsonConverter`. */
  className: string;
  /**
   * Short names: the simple class name, and for each type the name without the type suffix
   * (`JsonConverter`, `Json`). The registry drops aliases that more than one plugin claims.
   */
  aliases: readonly string[];
  /** One class may serve several roles (JsonConverter is a converter and a header converter). */
  types: readonly PluginType[];
  version: string;
  create(): T;
}

/** The simple name of a class name (`a.b.Foo$Bar` → `Foo$Bar`). */
export function simpleClassName(className: string): string {
  return className.slice(className.lastIndexOf(".") + 1);
}

const TYPE_SUFFIX: Record<PluginType, string> = {
  source: "Connector",
  sink: "Connector",
  converter: "Converter",
  header_converter: "HeaderConverter",
  transformation: "Transformation",
  predicate: "Predicate",
};

/** Kafka's aliases for a class: its simple name plus, per type, the simple name minus the type suffix. */
export function pluginAliases(className: string, types: readonly PluginType[]): string[] {
  const simple = simpleClassName(className);
  const aliases = [simple];
  for (const type of types) {
    const suffix = TYPE_SUFFIX[type];
    const pos = simple.lastIndexOf(suffix);
    const pruned = pos > 0 ? simple.slice(0, pos) : simple;
    if (!aliases.includes(pruned)) aliases.push(pruned);
  }
  return aliases;
}
