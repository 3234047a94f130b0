import { isClientPasswordConfig } from "../../../lib/connect/secrets";
import type { ConfigDef, PluginType } from "../api";
import {
  CONNECTOR_CLASS_CONFIG,
  closeQuietly,
  CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
  HEADER_CONVERTER_CLASS_CONFIG,
  KEY_CONVERTER_CLASS_CONFIG,
  PREDICATES_CONFIG,
  TRANSFORMS_CONFIG,
  VALUE_CONVERTER_CLASS_CONFIG,
  frameworkConfigDef,
} from "../runtime/connector-config";
import { parseAliases } from "../runtime/transformation-chain";
import type { PluginLookup } from "../runtime/connector-config";
import type { PluginRegistry } from "../plugins/types";

export { isClientPasswordConfig };

/** What the lookup needs: the plugin registry, or any PluginLookup (then only exact names/aliases). */
export type SecretKeyLookup = PluginLookup & Partial<Pick<PluginRegistry, "findConnector">>;

/**
 * Which keys of a connector config hold secrets: the keys whose ConfigDef type is PASSWORD, for the
 * connector itself, its converters (`key.converter.*`, …), transforms and predicates (under their
 * alias prefixes), and the client overrides whose Kafka client config is a password. Used to mask
 * values in logs, traces and (for readers without the right to see them) REST answers.
 */

const CLIENT_OVERRIDE_PREFIXES = [
  CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
] as const;

const ALIASED_PLUGINS: readonly { list: string; type: PluginType }[] = [
  { list: TRANSFORMS_CONFIG, type: "transformation" },
  { list: PREDICATES_CONFIG, type: "predicate" },
];

const CONVERTER_PROPERTIES: readonly { property: string; type: PluginType }[] = [
  { property: KEY_CONVERTER_CLASS_CONFIG, type: "converter" },
  { property: VALUE_CONVERTER_CLASS_CONFIG, type: "converter" },
  { property: HEADER_CONVERTER_CLASS_CONFIG, type: "header_converter" },
];

/**
 * ConfigDefs by plugin descriptor: a plugin's definition does not change while it is registered,
 * and masking a REST answer would otherwise create a plugin instance per connector per request.
 */
const configDefs = new WeakMap<object, ConfigDef | null>();

/** The ConfigDef a plugin instance declares, or null when it cannot be created or has none. */
function configDefOf(lookup: PluginLookup, classOrAlias: string, types: readonly PluginType[]): ConfigDef | null {
  const descriptor = lookup.find(classOrAlias.trim(), types);
  if (!descriptor) return null;
  if (!configDefs.has(descriptor)) configDefs.set(descriptor, createConfigDef(descriptor));
  return configDefs.get(descriptor) ?? null;
}

function createConfigDef(descriptor: { create(): unknown }): ConfigDef | null {
  let instance: unknown;
  try {
    instance = descriptor.create();
    const def = (instance as { config?(): ConfigDef | null | undefined }).config?.();
    return def ?? null;
  } catch {
    return null;
  } finally {
    closeQuietly(instance);
  }
}

function addPasswordKeys(out: Set<string>, def: ConfigDef | null, prefix = ""): void {
  if (!def) return;
  for (const [name, key] of def.configKeys()) if (key.type === "PASSWORD") out.add(`${prefix}${name}`);
}

/**
 * The config keys of `config` (and those its plugins define, set or not) whose values are secrets.
 * Never throws: an unknown class contributes nothing, and the client-override rule still applies.
 */
export function secretConfigKeys(lookup: SecretKeyLookup, config: Readonly<Record<string, string | null | undefined>>): Set<string> {
  const out = new Set<string>();
  const connectorClass = config[CONNECTOR_CLASS_CONFIG];
  let kind: "source" | "sink" = "source";
  if (typeof connectorClass === "string") {
    const connectorDescriptor = lookup.find(connectorClass.trim(), ["source", "sink"]) ?? lookup.findConnector?.(connectorClass.trim());
    if (connectorDescriptor) {
      kind = connectorDescriptor.types.includes("sink") ? "sink" : "source";
      addPasswordKeys(out, configDefOf(lookup, connectorDescriptor.className, ["source", "sink"]));
    }
  }

  addPasswordKeys(out, frameworkConfigDef(kind, lookup));
  // Every transform/predicate alias's own keys under `transforms.<alias>.` / `predicates.<alias>.`.
  for (const { list, type } of ALIASED_PLUGINS) {
    for (const alias of parseAliases(config[list] ?? null)) {
      const className = config[`${list}.${alias}.type`];
      if (typeof className === "string" && className.trim() !== "") addPasswordKeys(out, configDefOf(lookup, className, [type]), `${list}.${alias}.`);
    }
  }

  for (const { property, type } of CONVERTER_PROPERTIES) {
    const className = config[property];
    if (typeof className !== "string" || className.trim() === "") continue;
    addPasswordKeys(out, configDefOf(lookup, className, [type]), `${property}.`);
  }

  for (const key of Object.keys(config)) {
    const prefix = CLIENT_OVERRIDE_PREFIXES.find((p) => key.startsWith(p));
    if (prefix && isClientPasswordConfig(key.slice(prefix.length))) out.add(key);
  }
  return out;
}
