import type { ConfigInfos, ConfigKeyInfoJson } from "./schemas";
import { MASKED_VALUE } from "./config-diff";

/**
 * The generated config form as data: which fields, in which groups and order, with which control,
 * and which errors, built from a plugin's config definition plus the latest `/config/validate`
 * answer and the draft. Rendering is the components' job; everything decidable without React is
 * decided here so it can be tested as plain data.
 *
 * The draft is the single source of truth for values: validation answers only add definitions,
 * recommended values, visibility and errors (their `value` is never copied back: it is the
 * server's parse, and PASSWORD values come back as "[hidden]").
 */

export type ConfigType = "BOOLEAN" | "STRING" | "INT" | "SHORT" | "LONG" | "DOUBLE" | "LIST" | "CLASS" | "PASSWORD";
export type Importance = "HIGH" | "MEDIUM" | "LOW";

/** The control a field renders as. */
export type FieldKind = "boolean" | "integer" | "float" | "list" | "password" | "select" | "class" | "text";

export type ConfigDraft = Record<string, string>;

export interface FormField {
  key: string;
  label: string;
  type: ConfigType;
  kind: FieldKind;
  required: boolean;
  importance: Importance;
  documentation: string | null;
  defaultValue: string | null;
  /** The draft's value; undefined when the key is not set (the default applies). */
  value: string | undefined;
  /** Options for `select` fields (the server's recommended values). */
  options: string[];
  /** A `select` that also accepts a value typed by hand. */
  allowCustom: boolean;
  /** Values offered while typing a free-text field (installed converter classes for *.converter). */
  suggestions: string[];
  /** Server errors for the value shown, else the console's own checks. */
  errors: string[];
  /** LOW importance: behind the "advanced" toggle unless set or in error. */
  advanced: boolean;
  width: string;
}

export interface FormGroup {
  name: string;
  fields: FormField[];
  /** Advanced fields of this group left out because the toggle is off. */
  hiddenAdvanced: number;
}

export interface FormErrorItem {
  key: string;
  label: string;
  messages: string[];
}

export interface OtherKey {
  key: string;
  value: string;
}

export interface FormModel {
  groups: FormGroup[];
  /** Draft keys no definition knows: kept, editable and removable, so they survive the round trip. */
  otherKeys: OtherKey[];
  /** Every error in form order, for the summary at the top (excluded keys included). */
  errors: FormErrorItem[];
  errorCount: number;
  hiddenAdvanced: number;
  /** Keys whose values are secrets (PASSWORD). */
  secretKeys: string[];
}

/** The validation answer together with the draft it was computed for. */
export interface ValidationSnapshot {
  draft: ConfigDraft;
  infos: ConfigInfos;
}

export interface FormModelOptions {
  /** Show LOW-importance fields that are unset and valid. */
  showAdvanced?: boolean;
  /** Keys the caller renders itself (the wizard's name field): left out of groups and "Other keys". */
  exclude?: readonly string[];
  /** Typing suggestions per key, for fields without recommended values. */
  suggestions?: Readonly<Record<string, readonly string[]>>;
}

export const COMMON_GROUP = "Common";

const CONFIG_TYPES: readonly ConfigType[] = ["BOOLEAN", "STRING", "INT", "SHORT", "LONG", "DOUBLE", "LIST", "CLASS", "PASSWORD"];

export function buildFormModel(
  definitions: readonly ConfigKeyInfoJson[] | undefined,
  validation: ValidationSnapshot | undefined,
  draft: ConfigDraft,
  { showAdvanced = false, exclude = [], suggestions = {} }: FormModelOptions = {},
): FormModel {
  const excluded = new Set(exclude);
  const values = new Map<string, { recommended: string[]; errors: string[]; visible: boolean }>();
  // The validate answer's definitions are richer (framework keys, per-alias transform keys); the
  // plugin's own definitions fill in whatever it lacks (before the first answer arrives).
  const defs = new Map<string, { def: ConfigKeyInfoJson; index: number }>();
  let index = 0;
  for (const c of validation?.infos.configs ?? []) {
    if (c.definition && !defs.has(c.definition.name)) defs.set(c.definition.name, { def: c.definition, index: index++ });
    const name = c.definition?.name ?? c.value?.name;
    if (c.value && name) values.set(name, { recommended: c.value.recommended_values, errors: c.value.errors, visible: c.value.visible });
  }
  for (const def of definitions ?? []) if (!defs.has(def.name)) defs.set(def.name, { def, index: index++ });

  const groupOrder = orderGroups([...defs.values()].map((d) => groupOf(d.def)), validation?.infos.groups ?? []);
  const byGroup = new Map<string, { field: FormField; order: number; index: number }[]>(groupOrder.map((g) => [g, []]));
  const secretKeys: string[] = [];
  const errors: FormErrorItem[] = [];

  for (const { def, index: defIndex } of defs.values()) {
    const type = asConfigType(def.type);
    if (type === "PASSWORD") secretKeys.push(def.name);
    const value = Object.hasOwn(draft, def.name) ? draft[def.name] : undefined;
    const server = values.get(def.name);
    // Server errors describe the value that was validated; when the draft has moved on for this key,
    // they are stale and the console's own checks stand in until the next answer.
    const current = validation === undefined || validation.draft[def.name] === value;
    const serverErrors = current ? (server?.errors ?? []) : [];
    const errorsHere = serverErrors.length > 0 ? serverErrors : localErrors(type, value);
    const label = def.display_name && def.display_name !== def.name ? def.display_name : def.name;
    if (errorsHere.length > 0) errors.push({ key: def.name, label, messages: errorsHere });
    if (excluded.has(def.name)) continue;
    // Hidden by the server (visible=false) unless it holds a value: a set key must stay editable.
    if (server && !server.visible && value === undefined) continue;

    const options = server?.recommended ?? [];
    const field: FormField = {
      key: def.name,
      label,
      type,
      kind: fieldKind(type, options),
      required: def.required,
      importance: asImportance(def.importance),
      documentation: def.documentation,
      defaultValue: def.default_value,
      value,
      options,
      allowCustom: type !== "BOOLEAN",
      suggestions: options.length === 0 ? [...(suggestions[def.name] ?? [])] : [],
      errors: errorsHere,
      advanced: asImportance(def.importance) === "LOW",
      width: def.width,
    };
    byGroup.get(groupOf(def))?.push({ field, order: def.order, index: defIndex });
  }

  const groups: FormGroup[] = [];
  let hiddenAdvanced = 0;
  for (const name of groupOrder) {
    const entries = (byGroup.get(name) ?? []).sort((a, b) => a.order - b.order || a.index - b.index);
    const shown = entries.filter(({ field }) => showAdvanced || !field.advanced || field.value !== undefined || field.errors.length > 0 || field.required);
    const hidden = entries.length - shown.length;
    hiddenAdvanced += hidden;
    if (entries.length > 0) groups.push({ name, fields: shown.map((e) => e.field), hiddenAdvanced: hidden });
  }

  const otherKeys: OtherKey[] = Object.entries(draft)
    .filter(([key]) => !defs.has(key) && !excluded.has(key))
    .map(([key, value]) => ({ key, value }));

  return { groups, otherKeys, errors, errorCount: errors.reduce((n, e) => n + e.messages.length, 0), hiddenAdvanced, secretKeys };
}

function groupOf(def: ConfigKeyInfoJson): string {
  return def.group && def.group.trim() !== "" ? def.group : COMMON_GROUP;
}

/** "Common" first, then the server's group order, then any other group in order of appearance. */
function orderGroups(seen: readonly string[], serverOrder: readonly string[]): string[] {
  const out: string[] = [];
  for (const g of [COMMON_GROUP, ...serverOrder, ...seen]) if (!out.includes(g) && seen.includes(g)) out.push(g);
  return out;
}

function asConfigType(type: string): ConfigType {
  const upper = type.toUpperCase();
  return (CONFIG_TYPES as readonly string[]).includes(upper) ? (upper as ConfigType) : "STRING";
}

function asImportance(importance: string): Importance {
  const upper = importance.toUpperCase();
  return upper === "HIGH" || upper === "LOW" ? upper : "MEDIUM";
}

export function fieldKind(type: ConfigType, recommended: readonly string[]): FieldKind {
  if (type === "BOOLEAN") return "boolean";
  if (type === "PASSWORD") return "password";
  if (recommended.length > 0) return "select";
  switch (type) {
    case "INT":
    case "SHORT":
    case "LONG":
      return "integer";
    case "DOUBLE":
      return "float";
    case "LIST":
      return "list";
    case "CLASS":
      return "class";
    default:
      return "text";
  }
}

const INTEGER_RANGES: Partial<Record<ConfigType, readonly [bigint, bigint]>> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * The checks the console can make before the server answers: the value parses as its type
 * (Kafka's ConfigDef.parseType rules) and integers fit their Java range.
 */
export function localErrors(type: ConfigType, value: string | undefined): string[] {
  if (value === undefined) return [];
  const v = value.trim();
  const range = INTEGER_RANGES[type];
  if (range) {
    if (v === "") return [];
    if (!/^[+-]?\d+$/.test(v)) return [`Must be a whole number (${type}).`];
    const n = BigInt(v);
    if (n < range[0] || n > range[1]) return [`Must be between ${range[0]} and ${range[1]} (${type}).`];
    return [];
  }
  if (type === "DOUBLE") {
    if (v === "") return [];
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? [] : ["Must be a number (DOUBLE)."];
  }
  if (type === "BOOLEAN") {
    return v === "" || /^(true|false)$/i.test(v) ? [] : ["Must be true or false."];
  }
  return [];
}

/** Same keys with the same values (key order aside). */
export function sameDraft(a: Readonly<ConfigDraft>, b: Readonly<ConfigDraft>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** Sets a key (or removes it with `undefined`: the default then applies), keeping key order. */
export function setDraftValue(draft: ConfigDraft, key: string, value: string | undefined): ConfigDraft {
  if (value === undefined) {
    if (!Object.hasOwn(draft, key)) return draft;
    const next = { ...draft };
    delete next[key];
    return next;
  }
  return { ...draft, [key]: value };
}

/** Renames a key in place (the "Other keys" editor), keeping its position. */
export function renameDraftKey(draft: ConfigDraft, from: string, to: string): ConfigDraft {
  if (from === to) return draft;
  return Object.fromEntries(Object.entries(draft).filter(([k]) => k !== to).map(([k, v]) => (k === from ? [to, v] : [k, v])));
}

/**
 * The draft as the JSON view shows it: secret values replaced by the mask, so secrets never sit in
 * clear text in an editor someone may copy from.
 */
export function maskSecrets(draft: ConfigDraft, secretKeys: Iterable<string>): ConfigDraft {
  const out = { ...draft };
  for (const key of secretKeys) if (out[key] !== undefined && out[key] !== "") out[key] = MASKED_VALUE;
  return out;
}

/** Reverses maskSecrets on an edited copy: a secret left as the mask keeps the draft's value. */
export function restoreSecrets(edited: ConfigDraft, previous: ConfigDraft, secretKeys: Iterable<string>): ConfigDraft {
  const out = { ...edited };
  for (const key of secretKeys) {
    const before = previous[key];
    if (out[key] === MASKED_VALUE && before !== undefined) out[key] = before;
  }
  return out;
}

/**
 * Keys whose value is still the server's mask "[hidden]" (a secret read back masked): sending it
 * would store that text as the secret, so the user must type the secret again.
 */
export function maskedSecretsIn(draft: ConfigDraft): string[] {
  return Object.entries(draft)
    .filter(([, value]) => value === MASKED_VALUE)
    .map(([key]) => key);
}

/** A DOM id for a key's control, shared by fields and the error summary's links. */
export function fieldId(key: string): string {
  return `config-field-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}
