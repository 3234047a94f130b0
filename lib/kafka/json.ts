/**
 * A JSON reader that never loses a number: integers beyond 2^53 (a Kafka INT64 such as
 * 9223372036854775807) and decimals with more significant digits than a double holds are kept as
 * their exact source text ({@link JsonBigNumber}); every other number is a plain `number`. Objects
 * are null-prototype records (a `"__proto__"` key is just a key). Isomorphic and dependency-free:
 * the console's server uses it for filters and the Connect envelope, the browser for display.
 */

/** A number a double cannot hold exactly, kept as its JSON text. */
export class JsonBigNumber {
  constructor(readonly text: string) {}

  /** Written without a fraction or exponent. */
  get isInteger(): boolean {
    return !/[.eE]/.test(this.text);
  }

  /** The exact integer (for an integer), else the nearest double. */
  valueOf(): bigint | number {
    return this.isInteger ? BigInt(this.text) : Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export type LosslessJson = null | boolean | number | string | JsonBigNumber | LosslessJson[] | { [key: string]: LosslessJson };
export type LosslessJsonObject = { [key: string]: LosslessJson };

export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

/** Largest digit count that is always a safe integer / exact double. */
const SAFE_DIGITS = 15;

/** Parses one JSON document (RFC 8259; surrounding whitespace allowed). Throws {@link JsonSyntaxError}. */
export function parseLosslessJson(text: string): LosslessJson {
  const reader = new Reader(text);
  reader.skipWhitespace();
  const value = reader.value(0);
  reader.skipWhitespace();
  if (reader.at < text.length) throw new JsonSyntaxError("Unexpected text after the JSON value", reader.at);
  return value;
}

/** Nesting deeper than this is refused, so a hostile record cannot exhaust the stack. */
const MAX_DEPTH = 512;

class Reader {
  at = 0;
  constructor(readonly text: string) {}

  skipWhitespace(): void {
    const t = this.text;
    let i = this.at;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.at = i;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.at);
  }

  value(depth: number): LosslessJson {
    if (depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH}`);
    const c = this.text.charCodeAt(this.at);
    switch (c) {
      case 0x7b /* { */:
        return this.object(depth);
      case 0x5b /* [ */:
        return this.array(depth);
      case 0x22 /* " */:
        return this.string();
      case 0x74 /* t */:
        return this.literal("true", true);
      case 0x66 /* f */:
        return this.literal("false", false);
      case 0x6e /* n */:
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail(Number.isNaN(c) ? "Unexpected end of JSON" : `Unexpected character '${this.text[this.at]}'`);
    }
  }

  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail(`Expected '${word}'`);
    this.at += word.length;
    return value;
  }

  object(depth: number): LosslessJsonObject {
    const out: LosslessJsonObject = Object.create(null) as LosslessJsonObject;
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail("Expected a string key");
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail("Expected ':'");
      this.at++;
      this.skipWhitespace();
      out[key] = this.value(depth + 1);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.at);
      this.at++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) {
        this.at--;
        this.fail("Expected ',' or '}'");
      }
      this.skipWhitespace();
    }
  }

  array(depth: number): LosslessJson[] {
    const out: LosslessJson[] = [];
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.at);
      this.at++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) {
        this.at--;
        this.fail("Expected ',' or ']'");
      }
      this.skipWhitespace();
    }
  }

  string(): string {
    const t = this.text;
    const start = ++this.at;
    // Fast path: no escapes.
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.at = i + 1;
        return t.slice(start, i);
      }
      if (c === 0x5c) break;
      if (c < 0x20 || Number.isNaN(c)) {
        this.at = i;
        this.fail(Number.isNaN(c) ? "Unterminated string" : "Control character in string");
      }
      i++;
    }
    let out = t.slice(start, i);
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.at = i + 1;
        return out;
      }
      if (Number.isNaN(c) || c < 0x20) {
        this.at = i;
        this.fail(Number.isNaN(c) ? "Unterminated string" : "Control character in string");
      }
      if (c !== 0x5c) {
        out += t[i];
        i++;
        continue;
      }
      const e = t[i + 1];
      i += 2;
      switch (e) {
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
          const hex = t.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.at = i;
            this.fail("Bad \\u escape");
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.at = i - 1;
          this.fail("Bad escape");
      }
    }
  }

  number(): number | JsonBigNumber {
    const t = this.text;
    const start = this.at;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    if (t.charCodeAt(i) === 0x30) i++;
    else {
      if (!isDigit(t.charCodeAt(i))) {
        this.at = i;
        this.fail("Expected a digit");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    let integral = true;
    if (t.charCodeAt(i) === 0x2e) {
      integral = false;
      i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.at = i;
        this.fail("Expected a digit after '.'");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const c = t.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      integral = false;
      i++;
      const s = t.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(t.charCodeAt(i))) {
        this.at = i;
        this.fail("Expected a digit in the exponent");
      }
      while (isDigit(t.charCodeAt(i))) i++;
    }
    this.at = i;
    const text = t.slice(start, i);
    if (integral) {
      if (i - intStart <= SAFE_DIGITS) return Number(text);
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : new JsonBigNumber(text);
    }
    return significantDigits(text) <= SAFE_DIGITS ? Number(text) : new JsonBigNumber(text);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Digits of the mantissa without leading zeros (trailing zeros count: they may be meaningful). */
function significantDigits(text: string): number {
  const mantissa = text.replace(/^-/, "").replace(/[eE].*$/, "").replace(".", "");
  return mantissa.replace(/^0+/, "").length;
}

/**
 * Writes a lossless tree back as JSON. Big numbers are written from their text, so
 * `stringifyLosslessJson(parseLosslessJson(t))` keeps every digit. `indent` pretty-prints.
 */
export function stringifyLosslessJson(value: LosslessJson, indent?: number | string): string {
  const pad = typeof indent === "number" ? " ".repeat(indent) : (indent ?? "");
  return write(value, pad, "");
}

function write(value: LosslessJson, pad: string, current: string): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof JsonBigNumber) return value.text;
  const inner = current + pad;
  const open = pad ? `\n${inner}` : "";
  const sep = pad ? `,\n${inner}` : ",";
  const close = pad ? `\n${current}` : "";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[${open}${value.map((v) => write(v, pad, inner)).join(sep)}${close}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  const colon = pad ? ": " : ":";
  return `{${open}${keys.map((k) => `${JSON.stringify(k)}${colon}${write(value[k] as LosslessJson, pad, inner)}`).join(sep)}${close}}`;
}

export function isJsonObject(value: LosslessJson | undefined): value is LosslessJsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonBigNumber);
}

/**
 * The value at a path of object keys and array indexes (`["user", "tags", 0]`), or `undefined` when
 * some step does not exist.
 */
export function jsonAt(value: LosslessJson, path: readonly (string | number)[]): LosslessJson | undefined {
  let current: LosslessJson | undefined = value;
  for (const step of path) {
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current)) {
      const index = typeof step === "number" ? step : /^\d+$/.test(step) ? Number(step) : NaN;
      current = Number.isInteger(index) ? current[index] : undefined;
    } else if (isJsonObject(current)) {
      const key = String(step);
      current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
    } else return undefined;
  }
  return current;
}

/**
 * A field path as users write it: `user.id`, `items[0].sku`, `["odd key"].x`. Returns the steps,
 * or throws an Error saying what is wrong.
 */
export function parseJsonPath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  let i = 0;
  const text = path.trim();
  if (text === "") return steps;
  while (i < text.length) {
    const c = text[i];
    if (c === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) throw new Error(`'[' without ']' in '${path}'`);
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push(JSON.parse(inner) as string);
      else throw new Error(`'[${inner}]' in '${path}' is neither an index nor a quoted key`);
      i = close + 1;
    } else if (c === ".") {
      if (i === 0 || i === text.length - 1) throw new Error(`'.' at the edge of '${path}'`);
      i++;
    } else {
      let j = i;
      while (j < text.length && text[j] !== "." && text[j] !== "[") j++;
      const key = text.slice(i, j);
      if (key === "") throw new Error(`Empty key in '${path}'`);
      steps.push(key);
      i = j;
    }
  }
  return steps;
}
