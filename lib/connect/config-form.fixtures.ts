import type { ConfigInfos, ConfigKeyInfoJson } from "./schemas";

/**
 * A config definition with every ConfigDef type, recommended values, a required key, a LOW key,
 * groups out of alphabetical order and ungrouped plugin keys: shared by the config-form tests.
 */

function key(name: string, type: string, rest: Partial<ConfigKeyInfoJson> = {}): ConfigKeyInfoJson {
  return {
    name,
    type,
    required: false,
    default_value: null,
    importance: "MEDIUM",
    documentation: `Docs of ${name}.`,
    group: null,
    width: "NONE",
    display_name: name,
    dependents: [],
    order: -1,
    ...rest,
  };
}

export const EVERY_TYPE_DEFINITION: ConfigKeyInfoJson[] = [
  key("connection.url", "STRING", { required: true, importance: "HIGH", group: "Connection", order: 1, display_name: "Connection URL" }),
  key("connection.password", "PASSWORD", { group: "Connection", order: 3, display_name: "Password" }),
  key("connection.user", "STRING", { group: "Connection", order: 2 }),
  key("batch.size", "INT", { default_value: "100", group: "Tuning", order: 1 }),
  key("poll.ratio", "DOUBLE", { default_value: "0.5", group: "Tuning", order: 2 }),
  key("max.rows", "LONG", { group: "Tuning", order: 3 }),
  key("port", "SHORT", { group: "Tuning", order: 4 }),
  key("debug.trace", "BOOLEAN", { default_value: "false", importance: "LOW", group: "Tuning", order: 5, display_name: "Trace" }),
  key("tables", "LIST", { importance: "HIGH", display_name: "Tables" }),
  key("mode", "STRING", { default_value: "bulk", importance: "HIGH", display_name: "Mode" }),
  key("dialect.class", "CLASS", { importance: "MEDIUM" }),
  key("enabled", "BOOLEAN", { default_value: "true", importance: "HIGH" }),
];

/** A validation answer for EVERY_TYPE_DEFINITION with recommended values and one error. */
export function everyTypeValidation(errors: Record<string, string[]> = {}): ConfigInfos {
  const recommended: Record<string, string[]> = {
    mode: ["bulk", "incrementing", "timestamp"],
    "dialect.class": ["com.example.PostgresDialect", "com.example.MySqlDialect"],
  };
  return {
    name: "com.example.JdbcSource",
    error_count: Object.values(errors).reduce((n, e) => n + e.length, 0),
    groups: ["Common", "Connection", "Tuning"],
    configs: EVERY_TYPE_DEFINITION.map((definition) => ({
      definition,
      value: { name: definition.name, value: null, recommended_values: recommended[definition.name] ?? [], errors: errors[definition.name] ?? [], visible: true },
    })),
  };
}
