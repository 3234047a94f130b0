import type { Schema } from "./data/schema";
import type { AnyRecord } from "./transformation";

/**
 * Runtime only (not exported by the api index): how the transformation chain runs consecutive
 * built-in SMTs on one side of a record (key or value) as steps on that side's value, with one record
 * made at the end instead of one per SMT. A step is what the SMT's apply() does to a value of one
 * schema, minus reading and writing the record: both run the same code, so the result is the same.
 */

/** A step's answer when the value is not the case it handles (null, not a struct of its schema…): the chain then calls apply(). */
export const BAIL: unique symbol = Symbol("SchemaStep.bail");

/** What a transformation does to the values of one input schema. */
export interface SchemaStep {
  /** The side's schema after the step. */
  readonly schema: Schema | null;
  /** The value run() returns is a struct it made, or updated in place, that nobody else holds. */
  readonly makes: boolean;
  /**
   * The side's new value, or BAIL. `owned`: the previous step made `value` and nobody else holds it,
   * so it may be updated in place. `record` is the record the run of steps started from: steps change
   * only their side, so its topic, partition, offset and timestamp are the current ones. Throws what
   * apply() throws.
   */
  run(value: unknown, record: AnyRecord, owned: boolean): unknown;
}

/** Reads and writes the side of a record a transformation works on. */
export interface RecordSideAccess {
  schema(record: AnyRecord): Schema | null;
  value(record: AnyRecord): unknown;
  newRecord<R extends AnyRecord>(record: R, schema: Schema | null, value: unknown): R;
}

export interface SchemaSteps {
  readonly side: RecordSideAccess;
  /**
   * The step for values of `schema`, or null when there is none. Built once per schema and kept by
   * the chain. May throw (a field the schema lacks…): the chain then calls apply(), which throws it.
   */
  stepFor(schema: Schema): SchemaStep | null;
}

/** A transformation that offers steps: `[SCHEMA_STEPS]`. */
export const SCHEMA_STEPS: unique symbol = Symbol("Transformation.schemaSteps");

export function schemaStepsOf(transformation: object): SchemaSteps | null {
  return (transformation as { [SCHEMA_STEPS]?: SchemaSteps })[SCHEMA_STEPS] ?? null;
}
