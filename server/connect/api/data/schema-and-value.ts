import { deepEquals } from "./equality";
import { schemaEquals, type Schema } from "./schema";
import { toJavaString } from "./to-java-string";

/** A value together with its schema (either may be null), as converters return them. */
export class SchemaAndValue {
  /** No schema, no value: what a tombstone (null bytes) converts to. */
  static readonly NULL = new SchemaAndValue(null, null);

  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(schema: Schema | null, value: unknown) {
    this.schema = schema;
    this.value = value ?? null;
  }

  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof SchemaAndValue)) return false;
    const schemasEqual = this.schema === null || other.schema === null
      ? this.schema === other.schema
      : schemaEquals(this.schema, other.schema);
    return schemasEqual && deepEquals(this.value, other.value);
  }

  toString(): string {
    return `SchemaAndValue{schema=${this.schema?.toString() ?? "null"}, value=${toJavaString(this.value, this.schema)}}`;
  }
}
