import { z } from "zod";
import { payloadJson, type DecodedHeader, type DecodedPayload } from "./decode";
import { JsonBigNumber, jsonAt, parseJsonPath, parseLosslessJson, stringifyLosslessJson, type LosslessJson } from "./json";

/**
 * The message viewer's filters. Several filters combine with AND. Two need no code:
 *
 *   text   key / value / a header / any header / everything  contains | not-contains | equals | not-equals  "text"
 *   field  value.user.id  == | != | > | >= | < | <= | contains | exists | not-exists  42
 *
 * and one is an expression in CEL (Common Expression Language), evaluated on the server; the
 * variables it sees are listed in {@link CEL_VARIABLES}. The no-code filters are evaluated here,
 * purely, so the browser can show the same verdict the server reached.
 */

export const TEXT_TARGETS = ["key", "value", "header", "header-key", "header-value", "any"] as const;
export const TEXT_OPS = ["contains", "not-contains", "equals", "not-equals"] as const;
export const FIELD_OPS = ["==", "!=", ">", ">=", "<", "<=", "contains", "exists", "not-exists"] as const;

export const textFilterSchema = z
  .object({
    type: z.literal("text"),
    /** `header` looks at the value of the header named `header`; `any` at key, value and every header. */
    target: z.enum(TEXT_TARGETS),
    header: z.string().min(1).optional(),
    op: z.enum(TEXT_OPS),
    value: z.string(),
    caseSensitive: z.boolean().default(false),
  })
  .refine((f) => f.target !== "header" || f.header !== undefined, { message: "a header filter names its header", path: ["header"] });
export type TextFilter = z.infer<typeof textFilterSchema>;

export const fieldFilterSchema = z
  .object({
    type: z.literal("field"),
    target: z.enum(["key", "value"]),
    /** `user.id`, `items[0].sku`, `["a key"].x`; empty means the whole key/value. */
    path: z.string().refine(validPath, { message: "not a field path (use a.b[0].c)" }),
    op: z.enum(FIELD_OPS),
    /** A JSON literal (42, "x", true, null) or bare text; not used by exists / not-exists. */
    value: z.string().optional(),
  })
  .refine((f) => f.op === "exists" || f.op === "not-exists" || f.value !== undefined, { message: "this operator compares with a value", path: ["value"] });
export type FieldFilter = z.infer<typeof fieldFilterSchema>;

export const celFilterSchema = z.object({
  type: z.literal("cel"),
  expression: z.string().trim().min(1, "the expression is empty").max(10_000),
});
export type CelFilter = z.infer<typeof celFilterSchema>;

export const messageFilterSchema = z.discriminatedUnion("type", [textFilterSchema, fieldFilterSchema, celFilterSchema]);
export type MessageFilter = z.infer<typeof messageFilterSchema>;
export type NoCodeFilter = TextFilter | FieldFilter;

function validPath(path: string): boolean {
  try {
    parseJsonPath(path);
    return true;
  } catch {
    return false;
  }
}

/** What a filter sees of a record: its decoded (untruncated) key, value and headers. */
export interface FilterRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: DecodedPayload | null;
  value: DecodedPayload | null;
  headers: readonly DecodedHeader[];
}

/** The variables a CEL filter can use, for the editor's help and completion. */
export const CEL_VARIABLES = [
  { name: "key", type: "dyn", doc: "The key: parsed JSON (a Connect envelope's payload) when it is JSON, else its text; bytes when binary; null when absent." },
  { name: "value", type: "dyn", doc: "The value, decoded like key; null for a tombstone." },
  { name: "keyText", type: "string", doc: 'The key as text ("" when absent).' },
  { name: "valueText", type: "string", doc: 'The value as text ("" for a tombstone).' },
  { name: "keySchema", type: "dyn", doc: "The Connect schema of a Connect JSON key, else null." },
  { name: "valueSchema", type: "dyn", doc: "The Connect schema of a Connect JSON value, else null." },
  { name: "headers", type: "map(string, string)", doc: "Header values by key (binary values as hex)." },
  { name: "topic", type: "string", doc: "The topic." },
  { name: "partition", type: "int", doc: "The partition." },
  { name: "offset", type: "int", doc: "The record's offset." },
  { name: "timestamp", type: "int", doc: "The record's timestamp, in milliseconds since the epoch." },
] as const;

export const CEL_EXAMPLES = [
  'value.user.id == 42',
  'has(value.status) && value.status == "FAILED"',
  'valueText.contains("error") && partition == 0',
  '"trace-id" in headers && headers["trace-id"].startsWith("abc")',
  "value.amount > 1000.0 || size(value.items) > 10",
  "timestamp > 1767225600000",
] as const;

// --- no-code evaluation -------------------------------------------------------------------------

/** A lazily parsed view of one record, shared by every filter applied to it. */
export class FilterView {
  #keyJson: LosslessJson | undefined | null = null;
  #valueJson: LosslessJson | undefined | null = null;
  constructor(readonly record: FilterRecord) {}

  /** The JSON tree of the key (a Connect envelope's payload), or undefined when it is not JSON. */
  keyJson(): LosslessJson | undefined {
    if (this.#keyJson === null) this.#keyJson = payloadJson(this.record.key);
    return this.#keyJson;
  }

  valueJson(): LosslessJson | undefined {
    if (this.#valueJson === null) this.#valueJson = payloadJson(this.record.value);
    return this.#valueJson;
  }
}

/** Whether a record passes one no-code filter. */
export function matchesNoCode(filter: NoCodeFilter, view: FilterView): boolean {
  return filter.type === "text" ? matchesText(filter, view.record) : matchesField(filter, view);
}

function matchesText(filter: TextFilter, record: FilterRecord): boolean {
  const needle = filter.caseSensitive ? filter.value : filter.value.toLowerCase();
  const test = (hay: string | null | undefined): boolean => {
    if (hay === null || hay === undefined) return false;
    const h = filter.caseSensitive ? hay : hay.toLowerCase();
    return filter.op === "contains" || filter.op === "not-contains" ? h.includes(needle) : h === needle;
  };
  const candidates: (string | null | undefined)[] = [];
  switch (filter.target) {
    case "key":
      candidates.push(record.key?.data);
      break;
    case "value":
      candidates.push(record.value?.data);
      break;
    case "header":
      for (const h of record.headers) if (h.key === filter.header) candidates.push(h.value);
      break;
    case "header-key":
      for (const h of record.headers) candidates.push(h.key);
      break;
    case "header-value":
      for (const h of record.headers) candidates.push(h.value);
      break;
    case "any":
      candidates.push(record.key?.data, record.value?.data);
      for (const h of record.headers) candidates.push(h.key, h.value);
      break;
  }
  const hit = candidates.some(test);
  return filter.op === "contains" || filter.op === "equals" ? hit : !hit;
}

function matchesField(filter: FieldFilter, view: FilterView): boolean {
  const tree = filter.target === "key" ? view.keyJson() : view.valueJson();
  const field = tree === undefined ? undefined : jsonAt(tree, parseJsonPath(filter.path));
  if (filter.op === "exists") return field !== undefined;
  if (filter.op === "not-exists") return field === undefined;
  if (field === undefined) return filter.op === "!=";
  const literal = parseLiteral(filter.value ?? "");
  switch (filter.op) {
    case "==":
      return jsonEquals(field, literal);
    case "!=":
      return !jsonEquals(field, literal);
    case "contains":
      return jsonContains(field, literal);
    default: {
      const order = jsonCompare(field, literal);
      if (order === undefined) return false;
      return filter.op === ">" ? order > 0 : filter.op === ">=" ? order >= 0 : filter.op === "<" ? order < 0 : order <= 0;
    }
  }
}

/** `42`, `"x"`, `true`, `null`, `[1]` as JSON; anything else (`abc`) as the text itself. */
export function parseLiteral(text: string): LosslessJson {
  try {
    return parseLosslessJson(text);
  } catch {
    return text;
  }
}

type Numeric = { integer: bigint } | { double: number };

function numeric(value: LosslessJson): Numeric | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? { integer: BigInt(value) } : { double: value };
  if (value instanceof JsonBigNumber) return value.isInteger ? { integer: BigInt(value.text) } : { double: Number(value.text) };
  return undefined;
}

function compareNumeric(a: Numeric, b: Numeric): number {
  if ("integer" in a && "integer" in b) return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
  const x = "integer" in a ? Number(a.integer) : a.double;
  const y = "integer" in b ? Number(b.integer) : b.double;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Text of a scalar as a person typed it: strings without quotes. */
function scalarText(value: LosslessJson): string {
  return typeof value === "string" ? value : stringifyLosslessJson(value);
}

function jsonEquals(field: LosslessJson, literal: LosslessJson): boolean {
  const a = numeric(field);
  const b = numeric(literal);
  if (a && b) return compareNumeric(a, b) === 0;
  // A string field compared with 42, or a number field with "42": compare what each reads as.
  return scalarText(field) === scalarText(literal);
}

function jsonCompare(field: LosslessJson, literal: LosslessJson): number | undefined {
  const a = numeric(field);
  const b = numeric(literal);
  if (a && b) return compareNumeric(a, b);
  if (typeof field === "string" && typeof literal === "string") return field < literal ? -1 : field > literal ? 1 : 0;
  if (a && typeof literal === "string") {
    const n = numeric(parseLiteral(literal));
    return n ? compareNumeric(a, n) : undefined;
  }
  return undefined;
}

function jsonContains(field: LosslessJson, literal: LosslessJson): boolean {
  if (typeof field === "string") return field.includes(scalarText(literal));
  if (Array.isArray(field)) return field.some((item) => jsonEquals(item, literal));
  if (field !== null && typeof field === "object" && !(field instanceof JsonBigNumber)) {
    return Object.prototype.hasOwnProperty.call(field, scalarText(literal));
  }
  return false;
}
