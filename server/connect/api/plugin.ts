/**
 * Plugin metadata shared by every plugin kind: what `GET /connector-plugins` lists. A config names a
 * plugin by its full Kafka class name or by an alias the registry derives from it, as Kafka does.
 */

/** The Connect version Ferry's built-in plugins report (`PluginInfo.version`). */
export const CONNECT_VERSION = "3.9.0";

/** Kafka's plugin types, lower-cased as the REST API prints them. */
export type PluginType = "source" | "sink" | "converter" | "header_converter" | "transformation" | "predicate";

export interface PluginDescriptor<T> {
  /** Kafka's fully-qualified class name, e.g. `org.apache.kafka.connect.json.JsonConverter`. */
  className: string;
  /** One class may serve several roles (JsonConverter is a converter and a header converter). */
  types: readonly PluginType[];
  version: string;
  create(): T;
}
