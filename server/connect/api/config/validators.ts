import { ConfigError } from "../errors";
import { javaHashSetOrder, renderConfigValue } from "./types";

/**
 * Checks a parsed config value; throws ConfigError (`Invalid value <v> for configuration <key>: ...`)
 * when it is not acceptable. `toString` describes the valid values for documentation.
 */
export interface Validator {
  ensureValid(name: string, value: unknown): void;
  toString(): string;
}

function invalid(name: string, value: unknown, reason: string): ConfigError {
  return ConfigError.invalidValue(name, renderConfigValue(value), reason);
}

/** A numeric range; bounds compare as doubles, as Kafka does. */
export class Range implements Validator {
  readonly #min: number | bigint | null;
  readonly #max: number | bigint | null;

  private constructor(min: number | bigint | null, max: number | bigint | null) {
    this.#min = min;
    this.#max = max;
  }

  static atLeast(min: number | bigint): Range {
    return new Range(min, null);
  }

  static between(min: number | bigint, max: number | bigint): Range {
    return new Range(min, max);
  }

  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw invalid(name, null, "Value must be non-null");
    const n = Number(value);
    if (this.#min !== null && n < Number(this.#min)) throw invalid(name, value, `Value must be at least ${this.#min}`);
    if (this.#max !== null && n > Number(this.#max)) throw invalid(name, value, `Value must be no more than ${this.#max}`);
  }

  toString(): string {
    if (this.#min === null && this.#max === null) return "[...]";
    if (this.#min === null) return `[...,${this.#max}]`;
    if (this.#max === null) return `[${this.#min},...]`;
    return `[${this.#min},...,${this.#max}]`;
  }
}

/** One of a fixed set of strings (case-sensitive). */
export class ValidString implements Validator {
  readonly validStrings: readonly string[];

  private constructor(validStrings: readonly string[]) {
    this.validStrings = validStrings;
  }

  static in(...validStrings: string[]): ValidString {
    return new ValidString(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    if (typeof value !== "string" || !this.validStrings.includes(value)) {
      throw invalid(name, value, `String must be one of: ${this.validStrings.join(", ")}`);
    }
  }

  toString(): string {
    return `[${this.validStrings.join(", ")}]`;
  }
}

/** A list whose every element is one of a fixed set of strings. */
export class ValidList implements Validator {
  readonly #validString: ValidString;

  private constructor(validStrings: readonly string[]) {
    this.#validString = ValidString.in(...validStrings);
  }

  static in(...validStrings: string[]): ValidList {
    return new ValidList(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const element of value) this.#validString.ensureValid(name, element);
  }

  toString(): string {
    return this.#validString.toString();
  }
}

/** One of a fixed set of strings, ignoring case (the value keeps the case it was given in). */
export class CaseInsensitiveValidString implements Validator {
  // Kafka keeps these in a HashSet and prints them in its order; so do we, for identical messages.
  readonly #validStrings: readonly string[];

  private constructor(validStrings: readonly string[]) {
    this.#validStrings = javaHashSetOrder(validStrings.map((s) => s.toUpperCase()));
  }

  static in(...validStrings: string[]): CaseInsensitiveValidString {
    return new CaseInsensitiveValidString(validStrings);
  }

  ensureValid(name: string, value: unknown): void {
    if (typeof value !== "string" || !this.#validStrings.includes(value.toUpperCase())) {
      throw invalid(name, value, `String must be one of (case insensitive): ${this.#validStrings.join(", ")}`);
    }
  }

  toString(): string {
    return `(case insensitive) [${this.#validStrings.join(", ")}]`;
  }
}

/** Rejects null. */
export class NonNullValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw ConfigError.invalidValue(name, "null", "entry must be non null");
  }

  toString(): string {
    return "non-null string";
  }
}

/** Rejects the empty string (null passes: "not set" is for the default to decide). */
export class NonEmptyString implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === "") throw invalid(name, value, "String must be non-empty");
  }

  toString(): string {
    return "non-empty string";
  }
}

/** Rejects empty strings and ISO control characters (U+0000–U+001F, U+007F–U+009F); null passes. */
export class NonEmptyStringWithoutControlChars implements Validator {
  static nonEmptyStringWithoutControlChars(): NonEmptyStringWithoutControlChars {
    return new NonEmptyStringWithoutControlChars();
  }

  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined || typeof value !== "string") return;
    if (value === "") throw invalid(name, value, "String may not be empty");
    const found: number[] = [];
    for (const ch of value) {
      const code = ch.codePointAt(0) as number;
      if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) found.push(code);
    }
    if (found.length > 0) {
      throw invalid(
        name,
        value,
        `String may not contain control sequences but had the following ASCII chars: ${found.join(", ")}`,
      );
    }
  }

  toString(): string {
    return "non-empty string without ISO control characters";
  }
}

/** A list of at most `maxSize` elements. */
export class ListSize implements Validator {
  readonly #maxSize: number;

  private constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  static atMostOfSize(maxSize: number): ListSize {
    return new ListSize(maxSize);
  }

  ensureValid(name: string, value: unknown): void {
    if (Array.isArray(value) && value.length > this.#maxSize) {
      throw invalid(name, value, `exceeds maximum list size of [${this.#maxSize}].`);
    }
  }

  toString(): string {
    return `List containing maximum of ${this.#maxSize} elements`;
  }
}

/** A validator from a function (and a description). */
export class LambdaValidator implements Validator {
  readonly #ensureValid: (name: string, value: unknown) => void;
  readonly #describe: () => string;

  private constructor(ensureValid: (name: string, value: unknown) => void, describe: () => string) {
    this.#ensureValid = ensureValid;
    this.#describe = describe;
  }

  static with(ensureValid: (name: string, value: unknown) => void, describe: () => string): LambdaValidator {
    return new LambdaValidator(ensureValid, describe);
  }

  ensureValid(name: string, value: unknown): void {
    this.#ensureValid(name, value);
  }

  toString(): string {
    return this.#describe();
  }
}

/** All of several validators, in order; the first failure wins. */
export class CompositeValidator implements Validator {
  readonly #validators: readonly Validator[];

  private constructor(validators: readonly Validator[]) {
    this.#validators = validators;
  }

  static of(...validators: Validator[]): CompositeValidator {
    return new CompositeValidator(validators);
  }

  ensureValid(name: string, value: unknown): void {
    for (const v of this.#validators) v.ensureValid(name, value);
  }

  toString(): string {
    return this.#validators.map((v) => v.toString()).join(", ");
  }
}
