import type { PluginInfo } from "@/lib/connect/schemas";

/**
 * How Kafka Connect names plugins besides their class (`PluginUtils`): the simple name after the
 * last dot, and the "pruned" alias without its type suffix (FileStreamSourceConnector →
 * FileStreamSource), both accepted wherever a class is.
 */

export type PluginType = PluginInfo["type"];

const SUFFIXES = ["Connector", "Converter", "HeaderConverter", "Transformation", "Transform", "Predicate"];

export function simpleName(className: string): string {
  return className.slice(className.lastIndexOf(".") + 1);
}

export function prunedName(className: string): string {
  const simple = simpleName(className);
  for (const suffix of SUFFIXES) if (simple.endsWith(suffix) && simple.length > suffix.length) return simple.slice(0, -suffix.length);
  return simple;
}

/** Whether `name` (a class, simple name or alias, as in a pasted connector.class) names this plugin. */
export function matchesPlugin(plugin: Pick<PluginInfo, "class">, name: string): boolean {
  const n = name.trim();
  return n === plugin.class || n === simpleName(plugin.class) || n === prunedName(plugin.class);
}

export const PLUGIN_TYPE_LABEL: Record<PluginType, string> = {
  source: "Source",
  sink: "Sink",
  converter: "Converter",
  header_converter: "Header converter",
  transformation: "Transform",
  predicate: "Predicate",
};

export function isConnectorType(type: PluginType): type is "source" | "sink" {
  return type === "source" || type === "sink";
}
