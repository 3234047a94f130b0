import { ConfigError, ConnectError, KEEPS_NO_RECORDS, type AnyRecord, type ConfigMap, type Predicate, type Schema, type Transformation } from "../api";
import { lendStructForUpdate, takeMadeStruct, type Struct } from "../api/data/struct";
import { lendForUpdate } from "../api/records";
import { BAIL, schemaStepsOf, type RecordSideAccess, type SchemaStep, type SchemaSteps } from "../api/schema-steps";
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
  ) {
    this.keepsNoRecords = transformation[KEEPS_NO_RECORDS] === true && (predicate === null || predicate[KEEPS_NO_RECORDS] === true);
    this.steps = this.keepsNoRecords && predicate === null ? schemaStepsOf(transformation) : null;
  }

  /** The SMT's steps (a built-in that keeps no records, without a predicate), or null. */
  readonly steps: SchemaSteps | null;

  /** The SMT and its predicate keep no records (KEEPS_NO_RECORDS): a record only the chain sees may be lent to them. */
  readonly keepsNoRecords: boolean;

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

/**
 * Stages start..end-1, all with steps on the same side of the record: for each input schema of that
 * side, their steps (fewer when a stage has none for the schema it gets), built once.
 */
class StepRun {
  readonly side: RecordSideAccess;
  readonly #stages: readonly TransformationStage<AnyRecord>[];
  #lastSchema: Schema | null = null;
  #last: readonly SchemaStep[] = [];
  readonly #bySchema = new WeakMap<Schema, readonly SchemaStep[]>();

  constructor(stages: readonly TransformationStage<AnyRecord>[]) {
    this.#stages = stages;
    this.side = (stages[0]!.steps as SchemaSteps).side;
  }

  stepsFor(schema: Schema): readonly SchemaStep[] {
    if (schema === this.#lastSchema) return this.#last;
    let steps = this.#bySchema.get(schema);
    if (steps === undefined) {
      steps = this.#build(schema);
      this.#bySchema.set(schema, steps);
    }
    this.#lastSchema = schema;
    this.#last = steps;
    return steps;
  }

  #build(schema: Schema): SchemaStep[] {
    const steps: SchemaStep[] = [];
    let input: Schema | null = schema;
    for (const stage of this.#stages) {
      if (input === null) break;
      let step: SchemaStep | null;
      try {
        step = (stage.steps as SchemaSteps).stepFor(input);
      } catch {
        // The stage's apply() throws this for the record, as its own stage.
        break;
      }
      if (step === null) break;
      steps.push(step);
      input = step.schema;
    }
    return steps;
  }
}

export class TransformationChain<R extends AnyRecord = AnyRecord> {
  readonly stages: readonly TransformationStage<R>[];
  /** The class of the stage (SMT or its predicate) that threw when apply threw last. */
  currentClass: string | null = null;
  /** By stage index: the run of two or more stages with steps on one side that starts there, or null. */
  readonly #runs: readonly (StepRun | null)[];

  constructor(stages: readonly TransformationStage<R>[]) {
    this.stages = stages;
    this.#runs = stages.map((_, start) => {
      const side = stages[start]!.steps?.side;
      let end = start;
      while (end < stages.length && side !== undefined && stages[end]!.steps?.side === side) end++;
      return end - start >= 2 ? new StepRun(stages.slice(start, end) as readonly TransformationStage<AnyRecord>[]) : null;
    });
  }

  get isEmpty(): boolean {
    return this.stages.length === 0;
  }

  /**
   * Runs the stages in order. `owned`: nobody but the chain holds `record` (the caller built it for
   * the chain and keeps no reference), so it may be updated in place.
   *
   * Steps: where two or more stages in a row offer steps on one side (built-in SMTs without a
   * predicate), their steps run on that side's value and one record is made for all of them. A step
   * that does not handle the value it gets (BAIL) leaves the rest to the stages' apply().
   *
   * Copy avoidance: a record only the chain can see is lent (lendForUpdate) to a stage that keeps no
   * records, so that the stage's newRecord updates it instead of copying it. A stage that keeps no
   * records hands back a record only the chain sees (its input, or a new one); any other stage may
   * keep what it saw, so its result is never lent.
   *
   * Likewise a struct that a stage keeping no records made for its result (madeStruct), in a record
   * only the chain sees, is lent (lendStructForUpdate) to the next stage if that one keeps no records
   * either and has no predicate: a built-in SMT then reshapes or masks it in place instead of copying
   * it. Only the struct of the stage just before is lent: nobody but the chain can have seen it.
   */
  apply(record: R, owned = false): R | null {
    let current: R | null = record;
    let exclusive = owned;
    let struct: Struct | null = null;
    const stages = this.stages;
    const runs = this.#runs;
    let i = 0;
    takeMadeStruct();
    try {
      while (i < stages.length && current !== null) {
        const run = runs[i];
        if (run !== null && run !== undefined) {
          const from = i;
          const side = run.side;
          const schema = side.schema(current);
          if (schema !== null) {
            const steps = run.stepsFor(schema);
            let value = side.value(current);
            let outSchema: Schema | null = schema;
            let made = false;
            for (let k = 0; k < steps.length; k++) {
              const step = steps[k]!;
              // The stage being run is stages[i]: named in the error report if the step throws.
              const next = step.run(value, current, made);
              if (next === BAIL) break;
              value = next;
              outSchema = step.schema;
              made = step.makes;
              i++;
            }
            if (i > from) {
              if (exclusive) lendForUpdate(current);
              const next: R = side.newRecord(current, outSchema, value);
              lendForUpdate(null);
              current = next;
              exclusive = true;
              struct = made ? (value as Struct) : null;
              continue;
            }
          }
        }
        const stage = stages[i]!;
        if (!stage.keepsNoRecords) {
          current = stage.apply(current);
          exclusive = false;
          takeMadeStruct();
          struct = null;
          i++;
          continue;
        }
        if (exclusive) {
          lendForUpdate(current);
          // Not past a predicate: KEEPS_NO_RECORDS speaks of records, and a predicate could keep the struct.
          lendStructForUpdate(stage.predicate === null ? struct : null);
          const next: R | null = stage.apply(current);
          lendForUpdate(null);
          lendStructForUpdate(null);
          current = next;
        } else {
          const next: R | null = stage.apply(current);
          exclusive = next !== current;
          current = next;
        }
        const made = takeMadeStruct();
        struct = exclusive && made !== null && current !== null && (current.value === made || current.key === made) ? made : null;
        i++;
      }
    } catch (err) {
      lendForUpdate(null);
      lendStructForUpdate(null);
      takeMadeStruct();
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
