import { CaseInsensitiveValidString, ConfigError, type ConfigDef, type Field, type Schema, type Struct } from "../../api";
import { mapGet, requireMapOrNull, requireStructOrNull, type MapValue } from "./util";

/**
 * Kafka's `FieldSyntaxVersion` and `SingleFieldPath` (KIP-821): V1 names a top-level field; V2 reads
 * dotted paths, with backticks around names that contain dots ("`foo.bar`.baz").
 */

export type FieldSyntaxVersion = "V1" | "V2";

export const FIELD_SYNTAX_VERSION_CONFIG = "field.syntax.version";
const FIELD_SYNTAX_VERSION_DOC =
  "Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named \"foo.bar\" in a struct/map the following format can be used to access its elements: \"`foo.bar`.baz\".";

export function appendFieldSyntaxVersionConfig(def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION_CONFIG,
    type: "STRING",
    defaultValue: "V1",
    validator: CaseInsensitiveValidString.in("V1", "V2"),
    importance: "HIGH",
    documentation: FIELD_SYNTAX_VERSION_DOC,
  });
}

export function fieldSyntaxVersion(value: string): FieldSyntaxVersion {
  const upper = value.toUpperCase();
  if (upper === "V1" || upper === "V2") return upper;
  throw ConfigError.invalidValue(FIELD_SYNTAX_VERSION_CONFIG, value, "Unrecognized field syntax version");
}

function incompleteBacktick(path: string, at: number): ConfigError {
  return new ConfigError(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== "`") {
      const start = idx;
      idx = path.indexOf(".", idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = "";
    let start = idx;
    for (;;) {
      idx = path.indexOf("`", idx);
      if (idx === -1) throw incompleteBacktick(path, backtickAt);
      const escaped = path[idx - 1] === "\\";
      if (idx >= path.length - 1) {
        if (escaped) throw incompleteBacktick(path, backtickAt);
        field += path.slice(start, idx);
        steps.push(field);
        idx++;
        break;
      }
      if (path[idx + 1] !== ".") {
        idx++;
        continue;
      }
      if (escaped) {
        field += `${path.slice(start, idx - 1)}\``;
        idx++;
        start = idx;
        continue;
      }
      field += path.slice(start, idx);
      steps.push(field);
      idx += 2;
      break;
    }
  }
  if (path !== "" && path.endsWith(".")) steps.push("");
  return steps;
}

export class SingleFieldPath {
  readonly steps: readonly string[];
  readonly version: FieldSyntaxVersion;

  constructor(path: string, version: FieldSyntaxVersion) {
    this.version = version;
    this.steps = version === "V1" ? [path] : parseV2(path);
  }

  #last(): string {
    return this.steps[this.steps.length - 1] ?? "";
  }

  fieldFrom(schema: Schema | null): Field | null {
    if (schema === null) return null;
    let current = schema;
    const steps = this.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const field = current.field(steps[i] as string);
      if (field === null) return null;
      current = field.schema();
    }
    return current.field(this.#last());
  }

  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    if (struct === null) return null;
    let current: Struct | null = struct;
    const steps = this.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const step = steps[i] as string;
      if (current.schema().field(step) === null) return null;
      current = requireStructOrNull(current.get(step), "nested field access");
      if (current === null) return null;
    }
    const last = this.#last();
    if (current.schema().field(last) === null) return null;
    return withDefault ? current.get(last) : current.getWithoutDefault(last);
  }

  valueFromMap(map: MapValue | null): unknown {
    if (map === null) return null;
    let current: MapValue | null = map;
    const steps = this.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      current = requireMapOrNull(mapGet(current, steps[i] as string), "nested field access");
      if (current === null) return null;
    }
    return mapGet(current, this.#last()) ?? null;
  }

  toString(): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join(".")}}`;
  }
}
