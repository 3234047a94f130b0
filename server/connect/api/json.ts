import { BigDecimal } from "./data/big-decimal";
import { formatDouble, formatFloat } from "./data/number-format";

/**
 * A JSON tree that loses nothing, for byte-exact Kafka Connect JSON: numbers keep their source text
 * (an INT64 beyond 2^53 or a decimal with trailing zeros survives a round trip), objects keep key order
 * (a `Map`), and the writer spells output as Kafka's Jackson-based converter does: compact, non-ASCII
 * as UTF-8, control characters as `\n`-style or upper-case `\u001F` escapes, `/` unescaped.
 *
 * The reader accepts what Kafka's JsonDeserializer accepts: standard JSON plus leading zeros in
 * numbers; anything after a complete top-level value is ignored; empty input is "no value".
 */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

/** Jackson's node type names, used in Kafka's error messages. */
export type JsonNodeType = "NULL" | "BOOLEAN" | "STRING" | "NUMBER" | "ARRAY" | "OBJECT" | "MISSING";

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** A JSON number, kept as its text. Accessors convert the way Jackson's number nodes do. */
export class JsonNumber {
  readonly text: string;
  readonly #integral: boolean;

  constructor(text: string) {
    this.text = text;
    this.#integral = !/[.eE]/.test(text);
  }

  static ofInteger(value: number | bigint): JsonNumber {
    if (typeof value === "number" && !Number.isSafeInteger(value)) throw new RangeError(`Not an exact integer: ${value}`);
    return new JsonNumber(BigInt(value).toString());
  }

  /** A FLOAT32 as Java prints a float ("1.5", "1.0E10"). */
  static ofFloat32(value: number): JsonNumber {
    return new JsonNumber(formatFloat(value));
  }

  /** A FLOAT64 as Java prints a double ("1.0", "1.0E-5"). */
  static ofFloat64(value: number): JsonNumber {
    return new JsonNumber(formatDouble(value));
  }

  static ofDecimal(value: BigDecimal): JsonNumber {
    return new JsonNumber(value.toString());
  }

  /** Written without a fraction or exponent (Jackson's int/long/big-integer nodes). */
  isIntegral(): boolean {
    return this.#integral;
  }

  /** An integral number that fits in 32 bits (Jackson's `isInt`). */
  isInt(): boolean {
    if (!this.#integral) return false;
    const n = this.bigIntValue();
    return n >= INT32_MIN && n <= INT32_MAX;
  }

  /** The integer part, truncated toward zero. */
  bigIntValue(): bigint {
    return this.#integral ? BigInt(this.text) : BigDecimal.parse(this.text).toBigInt();
  }

  /** Java `intValue()`: truncated, then the low 32 bits. */
  intValue(): number {
    return Number(BigInt.asIntN(32, this.bigIntValue()));
  }

  /** Java `longValue()`: truncated, then the low 64 bits. */
  longValue(): bigint {
    return BigInt.asIntN(64, this.bigIntValue());
  }

  doubleValue(): number {
    return Number(this.#integral ? BigInt(this.text) : this.text);
  }

  floatValue(): number {
    return Math.fround(this.doubleValue());
  }

  /** The exact decimal (integral numbers have scale 0, "1e3" has scale -3, as Java reads them). */
  decimalValue(): BigDecimal {
    return BigDecimal.parse(this.text);
  }

  equals(other: unknown): boolean {
    return other instanceof JsonNumber && other.text === this.text;
  }

  toString(): string {
    return this.text;
  }
}

export function jsonNodeType(value: JsonValue | undefined): JsonNodeType {
  if (value === undefined) return "MISSING";
  if (value === null) return "NULL";
  if (typeof value === "boolean") return "BOOLEAN";
  if (typeof value === "string") return "STRING";
  if (value instanceof JsonNumber) return "NUMBER";
  if (Array.isArray(value)) return "ARRAY";
  return "OBJECT";
}

export class JsonParseError extends Error {
  override name = "JsonParseError";
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.offset = offset;
  }
}

const MAX_DEPTH = 1000;
const MAX_NUMBER_LENGTH = 1000;
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Parses one JSON value; `undefined` when the input holds nothing but whitespace. */
export function parseJson(input: Uint8Array | string): JsonValue | undefined {
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else {
    try {
      text = utf8Decoder.decode(input);
    } catch {
      throw new JsonParseError("Invalid UTF-8 input", 0);
    }
  }
  return new JsonReader(text).readRoot();
}

class JsonReader {
  readonly #s: string;
  #i = 0;

  constructor(s: string) {
    this.#s = s;
  }

  readRoot(): JsonValue | undefined {
    this.#skipWhitespace();
    if (this.#i >= this.#s.length) return undefined;
    const first = this.#s[this.#i] as string;
    const value = this.#readValue(0);
    // A top-level number must be followed by whitespace or the end; other values end by themselves.
    if ((first === "-" || (first >= "0" && first <= "9")) && this.#i < this.#s.length) {
      const c = this.#s[this.#i] as string;
      if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") {
        this.#fail(`Expected space separating root-level values, found '${c}'`);
      }
    }
    return value;
  }

  #fail(message: string): never {
    throw new JsonParseError(message, this.#i);
  }

  #skipWhitespace(): void {
    const s = this.#s;
    while (this.#i < s.length) {
      const c = s.charCodeAt(this.#i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.#i++;
      else break;
    }
  }

  #readValue(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.#fail(`Document nesting depth exceeds the maximum allowed (${MAX_DEPTH})`);
    const c = this.#s[this.#i];
    switch (c) {
      case "{":
        return this.#readObject(depth + 1);
      case "[":
        return this.#readArray(depth + 1);
      case '"':
        return this.#readString();
      case "t":
        return this.#readLiteral("true", true);
      case "f":
        return this.#readLiteral("false", false);
      case "n":
        return this.#readLiteral("null", null);
      case undefined:
        return this.#fail("Unexpected end-of-input");
      default:
        if (c === "-" || (c >= "0" && c <= "9")) return this.#readNumber();
        return this.#fail(`Unexpected character '${c}'`);
    }
  }

  #readLiteral<T extends JsonValue>(word: string, value: T): T {
    if (!this.#s.startsWith(word, this.#i)) this.#fail(`Unrecognized token starting with '${this.#s[this.#i]}'`);
    this.#i += word.length;
    const next = this.#s[this.#i];
    if (next !== undefined && /[A-Za-z0-9_$]/.test(next)) this.#fail(`Unrecognized token '${word}${next}'`);
    return value;
  }

  #readNumber(): JsonNumber {
    const s = this.#s;
    const start = this.#i;
    if (s[this.#i] === "-") this.#i++;
    const intStart = this.#i;
    while (isDigit(s[this.#i])) this.#i++;
    if (this.#i === intStart) this.#fail("Expected a digit after '-'");
    if (s[this.#i] === ".") {
      this.#i++;
      const fracStart = this.#i;
      while (isDigit(s[this.#i])) this.#i++;
      if (this.#i === fracStart) this.#fail("Decimal point not followed by a digit");
    }
    if (s[this.#i] === "e" || s[this.#i] === "E") {
      this.#i++;
      if (s[this.#i] === "+" || s[this.#i] === "-") this.#i++;
      const expStart = this.#i;
      while (isDigit(s[this.#i])) this.#i++;
      if (this.#i === expStart) this.#fail("Exponent indicator not followed by a digit");
    }
    if (this.#i - start > MAX_NUMBER_LENGTH) this.#fail(`Number length exceeds ${MAX_NUMBER_LENGTH}`);
    // Leading zeros are accepted (as Kafka's reader is configured to) and dropped.
    const raw = s.slice(start, this.#i);
    const text = raw.replace(/^(-?)0+(?=\d)/, "$1");
    return new JsonNumber(text);
  }

  #readString(): string {
    const s = this.#s;
    this.#i++; // opening quote
    let out = "";
    let runStart = this.#i;
    for (;;) {
      if (this.#i >= s.length) this.#fail("Unexpected end-of-input in a string");
      const code = s.charCodeAt(this.#i);
      if (code === 0x22) {
        out += s.slice(runStart, this.#i);
        this.#i++;
        return out;
      }
      if (code < 0x20) this.#fail("Illegal unquoted control character in a string");
      if (code !== 0x5c) {
        this.#i++;
        continue;
      }
      out += s.slice(runStart, this.#i);
      const esc = s[this.#i + 1];
      this.#i += 2;
      switch (esc) {
        case '"':
          out += '"';
          break;
        case "\\":
          out += "\\";
          break;
        case "/":
          out += "/";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = s.slice(this.#i, this.#i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.#fail("Invalid \\u escape");
          out += String.fromCharCode(parseInt(hex, 16));
          this.#i += 4;
          break;
        }
        default:
          this.#fail(`Unrecognized character escape '${esc ?? ""}'`);
      }
      runStart = this.#i;
    }
  }

  #readArray(depth: number): JsonValue[] {
    this.#i++;
    const out: JsonValue[] = [];
    this.#skipWhitespace();
    if (this.#s[this.#i] === "]") {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#skipWhitespace();
      out.push(this.#readValue(depth));
      this.#skipWhitespace();
      const c = this.#s[this.#i];
      this.#i++;
      if (c === "]") return out;
      if (c !== ",") this.#fail("Expected ',' or ']' in an array");
    }
  }

  #readObject(depth: number): JsonObject {
    this.#i++;
    const out: JsonObject = new Map();
    this.#skipWhitespace();
    if (this.#s[this.#i] === "}") {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.#s[this.#i] !== '"') this.#fail("Expected a double-quoted field name");
      const key = this.#readString();
      this.#skipWhitespace();
      if (this.#s[this.#i] !== ":") this.#fail("Expected ':' after a field name");
      this.#i++;
      this.#skipWhitespace();
      // A repeated key keeps its first position and takes the last value, as Jackson's object node does.
      out.set(key, this.#readValue(depth));
      this.#skipWhitespace();
      const c = this.#s[this.#i];
      this.#i++;
      if (c === "}") return out;
      if (c !== ",") this.#fail("Expected ',' or '}' in an object");
    }
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

const SHORT_ESCAPES: Record<number, string> = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r" };

function writeString(s: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x20 && code !== 0x22 && code !== 0x5c) continue;
    out += s.slice(runStart, i);
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += "\\\\";
    else out += SHORT_ESCAPES[code] ?? `\\u00${code.toString(16).toUpperCase().padStart(2, "0")}`;
    runStart = i + 1;
  }
  return out + s.slice(runStart) + '"';
}

/** Compact JSON text of a tree. */
export function writeJson(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return writeString(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(",")}]`;
  const parts: string[] = [];
  for (const [k, v] of value) parts.push(`${writeString(k)}:${writeJson(v)}`);
  return `{${parts.join(",")}}`;
}

/** UTF-8 bytes of {@link writeJson}. */
export function writeJsonBytes(value: JsonValue): Buffer {
  return Buffer.from(writeJson(value), "utf8");
}

/** Builds an object node from entries, in order. */
export function jsonObject(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  return new Map(entries);
}
