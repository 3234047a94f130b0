import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  KEEPS_NO_RECORDS,
  LambdaValidator,
  renderConfigValue,
  SchemaBuilder,
  Struct,
  type AnyRecord,
  type Field,
  type Schema,
  type Transformation,
} from "../../api";
import { REARRANGE, madeStruct, takeStructLoan } from "../../api/data/struct";
import { BAIL, SCHEMA_STEPS, type SchemaStep, type SchemaSteps } from "../../api/schema-steps";
import {
  REPLACE_NULL_WITH_DEFAULT_CONFIG,
  REPLACE_NULL_WITH_DEFAULT_DOC,
  SchemaCache,
  copySchemaBasics,
  keyValueTransformations,
  mapEntriesOf,
  mapSet,
  newMapLike,
  requireMap,
  requireStruct,
  type RecordSide,
} from "./util";

/**
 * org.apache.kafka.connect.transforms.ReplaceField$Key/$Value: filters and renames fields.
 * Ferry reports Connect 3.9, which still accepts the deprecated `blacklist`/`whitelist` keys as
 * aliases of `exclude`/`include` (removed in 4.0); the new key wins when both are set.
 */

/** Java's `String.split(":")`: trailing empty parts are dropped. */
function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

export function parseRenameMappings(mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ":");
    if (parts.length !== 2) {
      throw ConfigError.invalidValue("renames", renderConfigValue(mappings), `Invalid rename mapping: ${mapping}`);
    }
    m.set(parts[0] as string, parts[1] as string);
  }
  return m;
}

export const REPLACE_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: "exclude", type: "LIST", defaultValue: [], importance: "MEDIUM", documentation: "Fields to exclude. This takes precedence over the fields to include." })
  .define({ name: "blacklist", type: "LIST", defaultValue: null, importance: "LOW", documentation: "Deprecated. Use exclude instead." })
  .define({ name: "include", type: "LIST", defaultValue: [], importance: "MEDIUM", documentation: "Fields to include. If specified, only these fields will be used." })
  .define({ name: "whitelist", type: "LIST", defaultValue: null, importance: "LOW", documentation: "Deprecated. Use include instead." })
  .define({
    name: "renames",
    type: "LIST",
    defaultValue: [],
    validator: LambdaValidator.with(
      (_name, value) => {
        parseRenameMappings(value as string[]);
      },
      () => "list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>",
    ),
    importance: "MEDIUM",
    documentation: "Field rename mappings.",
  })
  .define({ name: REPLACE_NULL_WITH_DEFAULT_CONFIG, type: "BOOLEAN", defaultValue: true, importance: "MEDIUM", documentation: REPLACE_NULL_WITH_DEFAULT_DOC });

const PURPOSE = "field replacement";

/** Kafka's `ConfigUtils.translateDeprecatedConfigs`: a deprecated key fills its replacement when that is unset. */
function translateDeprecated(configs: Record<string, string>): Record<string, string> {
  const out = { ...configs };
  for (const [current, deprecated] of [["include", "whitelist"], ["exclude", "blacklist"]] as const) {
    if (out[deprecated] !== undefined) {
      if (out[current] === undefined) out[current] = out[deprecated];
      delete out[deprecated];
    }
  }
  return out;
}

/** What a struct with one input schema becomes: the output schema and, per output field, where its value comes from. */
interface Replacement {
  readonly schema: Schema;
  readonly to: readonly Field[];
  /** The input field of the same index in `to` (renames reversed); null when the input has none. */
  readonly from: readonly (Field | null)[];
  /** The input field names of `from`. */
  readonly names: readonly string[];
  /**
   * The index in the input of each output field's value, when every output field comes from an
   * input field of the very same schema without a default: then a struct the chain owns can be
   * rearranged in place (Struct REARRANGE). Null otherwise.
   */
  readonly sources: readonly number[] | null;
}

export class ReplaceField implements Transformation {
  /** apply() makes at most one record with one newRecord call and keeps none. */
  readonly [KEEPS_NO_RECORDS] = true;
  readonly #side: RecordSide;
  #exclude = new Set<string>();
  #include = new Set<string>();
  #renames = new Map<string, string>();
  #reverseRenames = new Map<string, string>();
  #replaceNullWithDefault = true;
  readonly #cache = new SchemaCache<Replacement>();
  readonly [SCHEMA_STEPS]: SchemaSteps;

  constructor(side: RecordSide) {
    this.#side = side;
    this[SCHEMA_STEPS] = { side, stepFor: (schema) => this.#stepFor(schema) };
  }

  configure(configs: Record<string, string>): void {
    const config = new AbstractConfig(REPLACE_FIELD_CONFIG_DEF, translateDeprecated(configs));
    this.#exclude = new Set(config.getList("exclude"));
    this.#include = new Set(config.getList("include"));
    this.#renames = parseRenameMappings(config.getList("renames") ?? []);
    this.#reverseRenames = new Map([...this.#renames].map(([k, v]) => [v, k]));
    this.#replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT_CONFIG) ?? true;
    this.#cache.clear();
  }

  #filter(name: string): boolean {
    return !this.#exclude.has(name) && (this.#include.size === 0 || this.#include.has(name));
  }

  #renamed(name: string): string {
    return this.#renames.get(name) ?? name;
  }

  apply<R extends AnyRecord>(record: R): R {
    const value = this.#side.value(record);
    if (value === null) return record;
    if (this.#side.schema(record) === null) {
      const map = requireMap(value, PURPOSE);
      const updated = newMapLike(map);
      for (const [k, v] of mapEntriesOf(map)) {
        const name = String(k);
        if (this.#filter(name)) mapSet(updated, this.#renamed(name), v);
      }
      return this.#side.newRecord(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const replacement = this.#cache.get(struct.schema()) ?? this.#replacement(struct.schema());
    return this.#side.newRecord(record, replacement.schema, madeStruct(this.#replace(struct, replacement, replacement.sources !== null && takeStructLoan(struct))));
  }

  #stepFor(schema: Schema): SchemaStep {
    const replacement = this.#cache.get(schema) ?? this.#replacement(schema);
    return {
      schema: replacement.schema,
      makes: true,
      run: (value, _record, owned) => (value instanceof Struct && value.schema() === schema ? this.#replace(value, replacement, owned) : BAIL),
    };
  }

  /** `struct` filtered and renamed; `owned`: nobody else holds it, so it may be rearranged in place. */
  #replace(struct: Struct, replacement: Replacement, owned: boolean): Struct {
    if (owned && replacement.sources !== null && struct[REARRANGE](replacement.schema, replacement.sources)) return struct;
    const updated = new Struct(replacement.schema);
    const { to, from, names } = replacement;
    for (let i = 0; i < to.length; i++) {
      const source = from[i] as Field | null;
      if (source !== null) {
        updated.putFrom(to[i] as Field, struct, source, this.#replaceNullWithDefault);
        continue;
      }
      const original = names[i] as string;
      updated.put(to[i] as Field, this.#replaceNullWithDefault ? struct.get(original) : struct.getWithoutDefault(original));
    }
    return updated;
  }

  #replacement(input: Schema): Replacement {
    const schema = this.#updatedSchema(input);
    const to = schema.fields();
    const names = to.map((field) => this.#reverseRenames.get(field.name()) ?? field.name());
    const from = names.map((name) => input.field(name));
    const inPlace = from.every((field, i) => field !== null && field.schema() === to[i]?.schema() && field.schema().defaultValue() === null);
    return this.#cache.set(input, { schema, to, from, names, sources: inPlace ? from.map((field) => field?.index() ?? -1) : null });
  }

  #updatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields()) {
      if (this.#filter(field.name())) builder.field(this.#renamed(field.name()), field.schema());
    }
    return builder.build();
  }

  config(): ConfigDef {
    return REPLACE_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.#cache.clear();
  }
}

export const replaceFieldPlugins = keyValueTransformations("ReplaceField", (side) => new ReplaceField(side));
