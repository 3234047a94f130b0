import {
  ConnectError,
  type Converter,
  type HeaderConverter,
  type PluginDescriptor,
  type PluginType,
} from "../api";
import type { PluginInfo } from "../../../lib/connect/schemas";
import { builtinPlugins } from "./builtins";
import type { ConnectorPlugin, PluginRegistry } from "./types";

/**
 * The installed plugins, addressed as Kafka's `Plugins`/`DelegatingClassLoader` do: by full class
 * name or by an alias computed as `PluginUtils.computeAliases` does (simple class name, and simple
 * name minus the type suffix), aliases claimed by two classes being dropped.
 */

/** Java's `Class.getSimpleName()`: a nested class `a.b.Cast$Key` is `Key`. */
export function javaSimpleName(className: string): string {
  const simple = className.slice(className.lastIndexOf(".") + 1);
  return simple.slice(simple.lastIndexOf("$") + 1);
}

// PluginType.simpleName() of each type (connectors use "Connector").
const TYPE_SUFFIX: Record<PluginType, string> = {
  source: "Connector",
  sink: "Connector",
  converter: "Converter",
  header_converter: "HeaderConverter",
  transformation: "Transformation",
  predicate: "Predicate",
};

/** Kafka's `PluginUtils.prunedName`: the simple name without the type suffix, if it has one. */
function prunedName(className: string, type: PluginType): string {
  const simple = javaSimpleName(className);
  const pos = simple.lastIndexOf(TYPE_SUFFIX[type]);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

/** The aliases Kafka considers for one class (before dropping ambiguous ones). */
export function candidateAliases(className: string, types: readonly PluginType[]): string[] {
  const aliases = new Set<string>([javaSimpleName(className)]);
  for (const type of types) aliases.add(prunedName(className, type));
  return [...aliases];
}

/** Kafka's `computeAliases`: alias → class name, for aliases that name exactly one class. */
export function computeAliases(descriptors: Iterable<PluginDescriptor<unknown>>): Map<string, string> {
  const claims = new Map<string, Set<string>>();
  for (const d of descriptors) {
    for (const alias of candidateAliases(d.className, d.types)) {
      let owners = claims.get(alias);
      if (!owners) claims.set(alias, (owners = new Set()));
      owners.add(d.className);
    }
  }
  const aliases = new Map<string, string>();
  for (const [alias, owners] of claims) {
    if (owners.size === 1) aliases.set(alias, owners.values().next().value as string);
  }
  return aliases;
}

/** Maven-style version order, close enough to Kafka's DefaultArtifactVersion for x.y.z[-q]. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

function byClassThenVersion(a: PluginDescriptor<unknown>, b: PluginDescriptor<unknown>): number {
  if (a.className !== b.className) return a.className < b.className ? -1 : 1;
  return compareVersions(a.version, b.version);
}

/** Kafka's `PluginDesc.toString()`, as printed in the "available connectors" list. */
function pluginDescString(d: PluginDescriptor<unknown>, type: PluginType): string {
  return (
    `PluginDesc{klass=class ${d.className}, name='${d.className}', version='${d.version}', ` +
    `encodedVersion=${d.version}, type=${type}, typeName='${type}', location='classpath'}`
  );
}

const CONNECTOR_TYPES = ["source", "sink"] as const;
const LIST_ORDER: readonly PluginType[] = ["sink", "source", "transformation", "predicate", "converter", "header_converter"];

class Registry implements PluginRegistry {
  readonly #byClass = new Map<string, PluginDescriptor<unknown>>();
  #aliases: Map<string, string> | null = null;

  register(descriptor: PluginDescriptor<unknown>): void {
    // A later registration of the same class replaces the earlier one (one version per class).
    this.#byClass.set(descriptor.className, descriptor);
    this.#aliases = null;
  }

  #aliasMap(): Map<string, string> {
    this.#aliases ??= computeAliases(this.#byClass.values());
    return this.#aliases;
  }

  find(classOrAlias: string, types?: readonly PluginType[]): PluginDescriptor<unknown> | undefined {
    // As DelegatingClassLoader.loadClass: the alias map first, then the name itself.
    const className = this.#aliasMap().get(classOrAlias) ?? classOrAlias;
    const descriptor = this.#byClass.get(className);
    if (!descriptor) return undefined;
    if (types && !descriptor.types.some((t) => types.includes(t))) return undefined;
    return descriptor;
  }

  #connectors(): PluginDescriptor<unknown>[] {
    return [...this.#byClass.values()].filter((d) => d.types.some((t) => t === "source" || t === "sink")).sort(byClassThenVersion);
  }

  /** Kafka's `Plugins.connectorClass`: class/alias, then a simple-name match (`X` or `XConnector`). */
  #resolveConnector(classOrAlias: string): { match?: ConnectorPlugin; ambiguous: boolean } {
    const direct = this.find(classOrAlias, CONNECTOR_TYPES);
    if (direct) return { match: direct as ConnectorPlugin, ambiguous: false };
    const matches = this.#connectors().filter((d) => {
      const simple = javaSimpleName(d.className);
      return simple === classOrAlias || simple === `${classOrAlias}Connector`;
    });
    if (matches.length === 1) return { match: matches[0] as ConnectorPlugin, ambiguous: false };
    return { ambiguous: matches.length > 1 };
  }

  #connectorList(): string {
    return this.#connectors()
      .map((d) => pluginDescString(d, d.types.includes("sink") ? "sink" : "source"))
      .join(", ");
  }

  connector(classOrAlias: string): ConnectorPlugin {
    const { match, ambiguous } = this.#resolveConnector(classOrAlias);
    if (match) return match;
    if (ambiguous) {
      throw new ConnectError(
        `More than one connector matches alias ${classOrAlias}. Please use full package and class name instead. ` +
          `Classes found: ${this.#connectorList()}`,
      );
    }
    throw new ConnectError(
      `Failed to find any class that implements Connector and which name matches ${classOrAlias}, ` +
        `available connectors are: ${this.#connectorList()}`,
    );
  }

  findConnector(classOrAlias: string): ConnectorPlugin | undefined {
    return this.#resolveConnector(classOrAlias).match;
  }

  #typed(classOrAlias: string, type: "converter" | "header_converter"): PluginDescriptor<unknown> {
    const found = this.find(classOrAlias, [type]);
    if (found) return found;
    // Kafka's Plugins.pluginClass messages: not loadable, or loadable but of another kind.
    if (this.find(classOrAlias)) {
      throw new ConnectError(`Requested class: ${classOrAlias} does not extend ${TYPE_SUFFIX[type]}`);
    }
    throw new ConnectError(`Class ${classOrAlias} could not be found.`);
  }

  converter(classOrAlias: string): PluginDescriptor<Converter> {
    return this.#typed(classOrAlias, "converter") as PluginDescriptor<Converter>;
  }

  headerConverter(classOrAlias: string): PluginDescriptor<HeaderConverter> {
    return this.#typed(classOrAlias, "header_converter") as PluginDescriptor<HeaderConverter>;
  }

  list(connectorsOnly: boolean): PluginInfo[] {
    const types = connectorsOnly ? LIST_ORDER.slice(0, 2) : LIST_ORDER;
    const sorted = [...this.#byClass.values()].sort(byClassThenVersion);
    const out: PluginInfo[] = [];
    for (const type of types) {
      for (const d of sorted) {
        if (!d.types.includes(type)) continue;
        // PluginInfo omits the version Kafka reports for unversioned plugins.
        out.push(d.version === "undefined" ? { class: d.className, type } : { class: d.className, type, version: d.version });
      }
    }
    return out;
  }
}

/** A registry holding the built-in plugins plus `descriptors` (e.g. test plugins). */
export function createPluginRegistry(descriptors: readonly PluginDescriptor<unknown>[] = []): PluginRegistry {
  const registry = new Registry();
  for (const d of builtinPlugins) registry.register(d);
  for (const d of descriptors) registry.register(d);
  return registry;
}
