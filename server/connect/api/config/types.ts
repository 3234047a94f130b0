import { formatDouble } from "../data/number-format";

/** ConfigDef value types, by Kafka's names (the `type` of a ConfigKeyInfo). */
export type ConfigType = "BOOLEAN" | "STRING" | "INT" | "SHORT" | "LONG" | "DOUBLE" | "LIST" | "CLASS" | "PASSWORD";
export const ConfigType = {
  BOOLEAN: "BOOLEAN",
  STRING: "STRING",
  INT: "INT",
  SHORT: "SHORT",
  LONG: "LONG",
  DOUBLE: "DOUBLE",
  LIST: "LIST",
  CLASS: "CLASS",
  PASSWORD: "PASSWORD",
} as const satisfies Record<ConfigType, ConfigType>;

export type Importance = "HIGH" | "MEDIUM" | "LOW";
export const Importance = { HIGH: "HIGH", MEDIUM: "MEDIUM", LOW: "LOW" } as const satisfies Record<Importance, Importance>;

/** How wide the console should draw the input. */
export type Width = "NONE" | "SHORT" | "MEDIUM" | "LONG";
export const Width = {
  NONE: "NONE",
  SHORT: "SHORT",
  MEDIUM: "MEDIUM",
  LONG: "LONG",
} as const satisfies Record<Width, Width>;

/**
 * The JavaScript value a key of each type parses to:
 * BOOLEAN boolean, STRING string, INT/SHORT number, LONG bigint (exact over the whole Java long
 * range), DOUBLE number, LIST string[], CLASS the class name (string), PASSWORD {@link Password}.
 */
export interface ConfigValueTypes {
  BOOLEAN: boolean;
  STRING: string;
  INT: number;
  SHORT: number;
  LONG: bigint;
  DOUBLE: number;
  LIST: string[];
  CLASS: string;
  PASSWORD: Password;
}

/** A secret config value: prints as `[hidden]` everywhere (toString, JSON, validation output). */
export class Password {
  static readonly HIDDEN = "[hidden]";
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself; only for the code that uses it. */
  value(): string {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }

  toString(): string {
    return Password.HIDDEN;
  }

  toJSON(): string {
    return Password.HIDDEN;
  }
}

/**
 * A parsed value as Kafka prints it in error messages (`Invalid value <v> for ...`): lists as
 * `[a, b]`, passwords hidden, doubles in Java form when the type says so.
 */
export function renderConfigValue(value: unknown, type?: ConfigType | null): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Password) return Password.HIDDEN;
  if (Array.isArray(value)) return `[${value.map((v) => renderConfigValue(v)).join(", ")}]`;
  if (typeof value === "number") {
    if (type === "DOUBLE" || !Number.isSafeInteger(value)) return formatDouble(value);
    return String(value);
  }
  return String(value);
}

/** The iteration order of a Java HashSet of these strings (for messages Kafka builds from one). */
export function javaHashSetOrder(values: readonly string[]): string[] {
  const unique = [...new Set(values)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (s: string): number => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((value, index) => ({ value, index, bucket: bucket(value) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.value);
}
