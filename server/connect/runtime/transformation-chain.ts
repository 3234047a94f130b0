import { ConfigError, ConnectError, type AnyRecord, type ConfigMap, type Predicate, type Transformation } from "../api";
import type { PluginLookup } from "./connector-config";

/**
 * Kafka's TransformationChain / TransformationStage: per task, one instance of each alias's SMT
 * (`transforms.<alias>.type`, configured with its `transforms.<alias>.` settings) with its optional
 * predicate (`transforms.<alias>.predicate` → `predicates.<name>.type` + settings) and `negate`.
 * Applied in order; a stage returning null drops the record and ends the chain.
 */

const TRANSFORMS = "transforms";
const PREDICATES = "predicates";

export class TransformationStage<R extends AnyRecord = AnyRecord> {
  constructor(
    readonly alias: string,
    /** The SMT's class name, reported as `__connect.errors.class.name`. */
    readonly transformClass: string,
    readonly transformation: Transformation<R>,
    readonly predicate: Predicate<R> | null,
    readonly negate: boolean,
  ) {}

  /** Kafka: the SMT runs when there is no predicate, or when `negate XOR predicate.test(record)`. */
  apply(record: R): R | null {
    if (this.predicate !== null && this.negate === this.predicate.test(record)) return record;
    return this.transformation.apply(record);
  }

  close(): void {
    try {
      this.transformation.close();
    } finally {
      this.predicate?.close();
    }
  }
}

export class TransformationChain<R extends AnyRecord = AnyRecord> {
  readonly stages: readonly TransformationStage<R>[];
  /** The class of the stage (SMT or its predicate) that threw when apply threw last. */
  currentClass: string | null = null;

  constructor(stages: readonly TransformationStage<R>[]) {
    this.stages = stages;
  }

  get isEmpty(): boolean {
    return this.stages.length === 0;
  }

  apply(record: R): R | null {
    let current: R | null = record;
    const stages = this.stages;
    let i = 0;
    try {
      for (; i < stages.length && current !== null; i++) current = stages[i]!.apply(current);
    } catch (err) {
      // Named in the error report (Kafka executes each stage with its SMT class).
      this.currentClass = stages[i]?.transformClass ?? null;
      throw err;
    }
    return current;
  }

  /** Closes every stage; failures are collected, the first one is rethrown after all closed. */
  close(): void {
    let first: unknown = null;
    for (const stage of this.stages) {
      try {
        stage.close();
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== null) throw first;
  }
}

/** Kafka's LIST parsing of `transforms` / `predicates`: comma separated, trimmed, empty = none. */
export function parseAliases(raw: string | null | undefined): string[] {
  if (raw === null || raw === undefined) return [];
  const trimmed = raw.trim();
  return trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
}

function prefixed(config: ConfigMap, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

function instantiate<T>(plugins: PluginLookup, key: string, className: string | undefined, type: "transformation" | "predicate"): { instance: T; className: string } {
  const name = className?.trim();
  if (!name) throw new ConfigError(`Missing required configuration "${key}" which has no default value.`, { key });
  const descriptor = plugins.find(name, [type]);
  if (!descriptor) {
    if (plugins.find(name)) {
      const iface = type === "transformation" ? "Transformation" : "Predicate";
      throw ConfigError.invalidValue(key, name, `Class class ${name} does not implement the ${iface} interface`);
    }
    throw ConfigError.invalidValue(key, name, `Class ${name} could not be found.`);
  }
  return { instance: descriptor.create() as T, className: descriptor.className };
}

/**
 * Builds the chain of a connector config (Kafka's `ConnectorConfig.transformationStages`). Every
 * instance is configured; if one fails, those created so far are closed and the error is thrown.
 */
export function buildTransformationChain<R extends AnyRecord>(plugins: PluginLookup, config: ConfigMap): TransformationChain<R> {
  const aliases = parseAliases(config[TRANSFORMS]);
  if (aliases.length === 0) return new TransformationChain<R>([]);
  const stages: TransformationStage<R>[] = [];
  const opened: { close(): void }[] = [];
  try {
    for (const alias of aliases) {
      const prefix = `${TRANSFORMS}.${alias}.`;
      const settings = prefixed(config, prefix);
      const { instance: transformation, className } = instantiate<Transformation<R>>(plugins, `${prefix}type`, settings["type"], "transformation");
      opened.push(transformation);
      transformation.configure(settings);
      let predicate: Predicate<R> | null = null;
      const predicateAlias = settings["predicate"]?.trim();
      const negate = (settings["negate"] ?? "false").trim().toLowerCase() === "true";
      if (predicateAlias) {
        if (!parseAliases(config[PREDICATES]).includes(predicateAlias)) {
          throw new ConfigError(`Transformation ${alias} references predicate ${predicateAlias} which is not defined in ${PREDICATES}`, { key: `${prefix}predicate` });
        }
        const predicatePrefix = `${PREDICATES}.${predicateAlias}.`;
        const predicateSettings = prefixed(config, predicatePrefix);
        predicate = instantiate<Predicate<R>>(plugins, `${predicatePrefix}type`, predicateSettings["type"], "predicate").instance;
        opened.push(predicate);
        predicate.configure(predicateSettings);
      } else if (settings["negate"] !== undefined) {
        throw new ConfigError(
          `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`,
          { key: `${prefix}negate` },
        );
      }
      stages.push(new TransformationStage<R>(alias, className, transformation, predicate, negate));
    }
  } catch (err) {
    for (const instance of opened) {
      try {
        instance.close();
      } catch {
        // Already failing: the configuration error is what matters.
      }
    }
    throw err instanceof ConnectError ? err : new ConnectError(`Failed to configure the transformation chain: ${String((err as Error)?.message ?? err)}`, { cause: err });
  }
  return new TransformationChain<R>(stages);
}
