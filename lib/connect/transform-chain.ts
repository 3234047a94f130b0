import type { ConnectorConfig } from "./schemas";

/**
 * A connector's single message transforms as a reader sees them: `transforms=a,b` plus
 * `transforms.<alias>.*` and `predicates=p` plus `predicates.<alias>.*`, resolved into one ordered
 * list. Problems (an alias without a type, a predicate that is not declared) are kept as notes
 * rather than thrown: the view shows whatever the config says.
 */

export interface PredicateStep {
  alias: string;
  type: string | undefined;
  settings: Record<string, string>;
  /** False when the transform names a predicate that `predicates` does not list. */
  declared: boolean;
}

export interface TransformStep {
  alias: string;
  type: string | undefined;
  /** `transforms.<alias>.*` other than type, predicate and negate. */
  settings: Record<string, string>;
  predicate: PredicateStep | undefined;
  /** `negate=true`: the transform applies when the predicate does NOT match. */
  negate: boolean;
  problems: string[];
}

const RESERVED = new Set(["type", "predicate", "negate"]);

/** The comma-separated aliases of a list config ("a, b,,c" → ["a","b","c"]). */
export function parseAliasList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Keys under `<prefix><alias>.` with the prefix removed. */
function settingsOf(config: ConnectorConfig, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(config).sort()) {
    if (key.startsWith(prefix)) {
      const value = config[key];
      if (value !== undefined) out[key.slice(prefix.length)] = value;
    }
  }
  return out;
}

export function parseTransformChain(config: ConnectorConfig): TransformStep[] {
  const predicateAliases = new Set(parseAliasList(config.predicates));
  return parseAliasList(config.transforms).map((alias) => {
    const own = settingsOf(config, `transforms.${alias}.`);
    const settings = Object.fromEntries(Object.entries(own).filter(([k]) => !RESERVED.has(k)));
    const problems: string[] = [];
    const type = own.type?.trim() || undefined;
    if (!type) problems.push(`transforms.${alias}.type is not set`);
    const predicateAlias = own.predicate?.trim() || undefined;
    let predicate: PredicateStep | undefined;
    if (predicateAlias) {
      const p = settingsOf(config, `predicates.${predicateAlias}.`);
      const declared = predicateAliases.has(predicateAlias);
      predicate = {
        alias: predicateAlias,
        type: p.type?.trim() || undefined,
        settings: Object.fromEntries(Object.entries(p).filter(([k]) => k !== "type")),
        declared,
      };
      if (!declared) problems.push(`predicate '${predicateAlias}' is not listed in predicates`);
      else if (!predicate.type) problems.push(`predicates.${predicateAlias}.type is not set`);
    }
    const negate = own.negate?.trim().toLowerCase() === "true";
    if (negate && !predicateAlias) problems.push("negate is set without a predicate");
    return { alias, type, settings, predicate, negate, problems };
  });
}

/** "org.apache.kafka.connect.transforms.InsertField$Value" → "InsertField$Value". */
export function shortClassName(className: string): string {
  const dot = className.lastIndexOf(".");
  return dot >= 0 ? className.slice(dot + 1) : className;
}
