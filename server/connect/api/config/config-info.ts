import { ConfigValue, convertToString, type ConfigDef, type ConfigKey } from "./config-def";
import type { ConfigType } from "./types";

/**
 * The REST shapes of `GET /connector-plugins/{p}/config` and `PUT .../config/validate` entries.
 * Property order is Kafka's wire order (note `order`, not `order_in_group`, on the wire).
 */
export interface ConfigKeyInfo {
  name: string;
  type: ConfigType;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string | null;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  order: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

/** A key's definition as the REST API shows it; `prefix` is prepended to the name (e.g. `value.converter.`). */
export function toConfigKeyInfo(key: ConfigKey, prefix = ""): ConfigKeyInfo {
  return {
    name: prefix + key.name,
    type: key.type,
    required: !key.hasDefault(),
    default_value: key.hasDefault() ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup,
  };
}

/** Every key of a definition, in definition order. */
export function toConfigKeyInfos(def: ConfigDef, prefix = ""): ConfigKeyInfo[] {
  return [...def.configKeys().values()].map((key) => toConfigKeyInfo(key, prefix));
}

/** A validation result as the REST API shows it; `type` is the key's type (null when undefined). */
export function toConfigValueInfo(value: ConfigValue, type: ConfigType | null, prefix = ""): ConfigValueInfo {
  // Recommended values of a LIST key are single elements, rendered as strings.
  const recommendedType = type === "LIST" ? "STRING" : type;
  return {
    name: prefix + value.name,
    value: convertToString(value.value, type),
    recommended_values: value.recommendedValues.map((v) => convertToString(v, recommendedType) ?? "null"),
    errors: [...value.errorMessages],
    visible: value.visible,
  };
}
