/**
 * Pasted connector configs → a draft, and a draft → pretty JSON. Accepts what people have at hand:
 * Kafka Connect's `{"name": …, "config": {…}}` (the POST /connectors body), a flat JSON map (the
 * PUT /connectors/{name}/config body, the name taken from its "name" key), or a `.properties` file
 * as `connect-standalone.sh` reads it. Errors name the line (and column) so they can be fixed.
 */

export type ConfigTextFormat = "connect-json" | "flat-json" | "properties";

export interface ParsedConfigText {
  format: ConfigTextFormat;
  /** The connector name when the text gave one; never also left inside `config`. */
  name?: string;
  config: Record<string, string>;
  /** Things that were accepted but changed on the way (a JSON null dropped, a number turned into text). */
  warnings: string[];
}

export interface ConfigTextError {
  message: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export type ConfigTextResult = { ok: true; value: ParsedConfigText } | { ok: false; error: ConfigTextError };

/** "Line 3, column 7: …" for display. */
export function describeConfigTextError(error: ConfigTextError): string {
  if (error.line === undefined) return error.message;
  return `Line ${error.line}${error.column === undefined ? "" : `, column ${error.column}`}: ${error.message}`;
}

/** Parses a pasted config: JSON when it starts with `{`, Java properties otherwise. */
export function parseConfigText(text: string): ConfigTextResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: { message: "Nothing to read: paste a JSON config or a .properties file." } };
  return trimmed.startsWith("{") ? parseJsonConfig(text) : parseProperties(text);
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * A JSON connector config, either shape. Values may be strings, numbers or booleans (Kafka Connect
 * turns those into strings as Jackson does); nulls are dropped with a warning; nested objects and
 * arrays are errors at their position.
 */
export function parseJsonConfig(text: string): ConfigTextResult {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (root.kind !== "object") return fail(text, root.start, "Expected a JSON object: {\"name\": …, \"config\": {…}} or a flat map of keys to values.");

  const configMember = root.members.find((m) => m.key === "config");
  if (configMember && configMember.value.kind === "object") {
    const warnings: string[] = [];
    const topName = root.members.find((m) => m.key === "name");
    for (const m of root.members) {
      if (m.key !== "config" && m.key !== "name" && m.key !== "tasks" && m.key !== "type" && m.key !== "initial_state") {
        warnings.push(`Ignored top-level key "${m.key}": connector settings belong inside "config".`);
      }
    }
    const config = toStringMap(text, configMember.value, warnings);
    if (!config.ok) return config;
    let name: string | undefined;
    if (topName) {
      if (topName.value.kind !== "string") return fail(text, topName.value.start, "\"name\" must be a string.");
      name = topName.value.value;
    }
    const inner = config.value.name;
    if (name !== undefined && inner !== undefined && inner !== name) {
      return { ok: false, error: { message: `The top-level name "${name}" and config.name "${inner}" differ; Kafka Connect rejects that.` } };
    }
    name ??= inner;
    const { name: _dropped, ...rest } = config.value;
    void _dropped;
    return { ok: true, value: { format: "connect-json", ...(name !== undefined ? { name } : {}), config: rest, warnings } };
  }
  if (configMember) return fail(text, configMember.value.start, "\"config\" must be an object of keys to values.");

  const warnings: string[] = [];
  const config = toStringMap(text, root, warnings);
  if (!config.ok) return config;
  const { name, ...rest } = config.value;
  return { ok: true, value: { format: "flat-json", ...(name !== undefined ? { name } : {}), config: rest, warnings } };
}

function toStringMap(text: string, node: JsonObject, warnings: string[]): { ok: true; value: Record<string, string> } | { ok: false; error: ConfigTextError } {
  const out: Record<string, string> = {};
  for (const { key, value } of node.members) {
    switch (value.kind) {
      case "string":
        out[key] = value.value;
        break;
      case "number":
        out[key] = value.raw;
        break;
      case "boolean":
        out[key] = String(value.value);
        break;
      case "null":
        warnings.push(`Dropped "${key}": its value is null.`);
        break;
      default:
        return fail(text, value.start, `The value of "${key}" must be a string, number or boolean; Connect configs are flat maps.`);
    }
  }
  return { ok: true, value: out };
}

type JsonNode = (
  | JsonObject
  | { kind: "array" }
  | { kind: "string"; value: string }
  | { kind: "number"; raw: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
) & { start: number };
interface JsonObject {
  kind: "object";
  start: number;
  members: { key: string; value: JsonNode }[];
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A small JSON reader that keeps where each value starts, for errors that point at the right line. */
function parseJsonWithPositions(text: string): { ok: true; value: JsonNode } | { ok: false; error: ConfigTextError } {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const describe = (at: number) => (at >= text.length ? "the end of the text" : `'${text.charAt(at)}'`);
  const expect = (ch: string, what: string) => {
    if (text.charAt(i) !== ch) throw new JsonSyntaxError(`Expected ${what} but found ${describe(i)}.`, i);
    i++;
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text.charAt(i);
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return { kind: "string", value: string(), start };
    if (c === "-" || (c >= "0" && c <= "9")) return number();
    for (const [word, node] of [
      ["true", { kind: "boolean", value: true }],
      ["false", { kind: "boolean", value: false }],
      ["null", { kind: "null" }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, start };
      }
    }
    throw new JsonSyntaxError(`Expected a value but found ${describe(i)}.`, i);
  };
  const object = (): JsonObject => {
    const start = i;
    i++;
    const members: JsonObject["members"] = [];
    ws();
    if (text.charAt(i) === "}") {
      i++;
      return { kind: "object", start, members };
    }
    for (;;) {
      ws();
      if (text.charAt(i) !== '"') throw new JsonSyntaxError(`Expected a quoted key but found ${describe(i)}.`, i);
      const key = string();
      ws();
      expect(":", "':' after the key");
      members.push({ key, value: value() });
      ws();
      if (text.charAt(i) === ",") {
        i++;
        ws();
        if (text.charAt(i) === "}") throw new JsonSyntaxError("Trailing comma before '}'.", i);
        continue;
      }
      if (text.charAt(i) === "}") {
        i++;
        return { kind: "object", start, members };
      }
      throw new JsonSyntaxError(`Expected ',' or '}' but found ${describe(i)}.`, i);
    }
  };
  const array = (): JsonNode => {
    const start = i;
    i++;
    ws();
    if (text.charAt(i) === "]") {
      i++;
      return { kind: "array", start };
    }
    for (;;) {
      value();
      ws();
      if (text.charAt(i) === ",") {
        i++;
        continue;
      }
      if (text.charAt(i) === "]") {
        i++;
        return { kind: "array", start };
      }
      throw new JsonSyntaxError(`Expected ',' or ']' but found ${describe(i)}.`, i);
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) throw new JsonSyntaxError("Unterminated string.", start);
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\n") throw new JsonSyntaxError("Unterminated string (a line break inside quotes must be written \\n).", i);
      if (c === "\\") {
        const e = text.charAt(i + 1);
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          throw new JsonSyntaxError(`Invalid escape '\\${e}' in a string.`, i);
        }
        continue;
      }
      out += c;
      i++;
    }
  };
  const number = (): JsonNode => {
    const start = i;
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) throw new JsonSyntaxError(`Invalid number.`, i);
    i += m[0].length;
    return { kind: "number", raw: m[0], start };
  };

  try {
    const root = value();
    ws();
    if (i < text.length) throw new JsonSyntaxError(`Unexpected ${describe(i)} after the end of the JSON.`, i);
    return { ok: true, value: root };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return fail(text, err.offset, err.message);
    throw err;
  }
}

function fail(text: string, offset: number, message: string): { ok: false; error: ConfigTextError } {
  return { ok: false, error: { message, ...positionOf(text, offset) } };
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < Math.min(offset, text.length); k++) {
    if (text.charAt(k) === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

// ---------------------------------------------------------------------------------------------
// Java properties

/**
 * `java.util.Properties#load` rules: `#`/`!` comment lines, key and value separated by `=`, `:` or
 * whitespace, a line ending in an odd number of backslashes continues on the next (its leading
 * whitespace dropped), and escapes `\t \n \r \f \uXXXX` (any other `\x` is `x`). The last of
 * duplicate keys wins, as in Java.
 */
export function parseProperties(text: string): ConfigTextResult {
  const lines = text.split(/\r\n|\r|\n/);
  const config: Record<string, string> = {};
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (let n = 0; n < lines.length; n++) {
    const startLine = n + 1;
    let logical = (lines[n] ?? "").replace(/^[ \t\f]+/, "");
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) continue;
    while (endsWithContinuation(logical) && n + 1 < lines.length) {
      n++;
      logical = logical.slice(0, -1) + (lines[n] ?? "").replace(/^[ \t\f]+/, "");
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);

    // The key ends at the first unescaped separator.
    let k = 0;
    while (k < logical.length) {
      const c = logical.charAt(k);
      if (c === "\\") {
        k += 2;
        continue;
      }
      if (c === "=" || c === ":" || c === " " || c === "\t" || c === "\f") break;
      k++;
    }
    const rawKey = logical.slice(0, Math.min(k, logical.length));
    let v = k;
    while (v < logical.length && " \t\f".includes(logical.charAt(v))) v++;
    if (v < logical.length && (logical.charAt(v) === "=" || logical.charAt(v) === ":")) v++;
    while (v < logical.length && " \t\f".includes(logical.charAt(v))) v++;
    const rawValue = logical.slice(v);

    const key = unescapeProperty(rawKey, startLine);
    if (!key.ok) return key;
    const value = unescapeProperty(rawValue, startLine);
    if (!value.ok) return value;
    if (seen.has(key.value)) warnings.push(`"${key.value}" is set more than once; the last value (line ${startLine}) wins.`);
    seen.add(key.value);
    config[key.value] = value.value;
  }
  if (seen.size === 0) return { ok: false, error: { message: "No settings found: expected lines like key=value." } };
  const { name, ...rest } = config;
  return { ok: true, value: { format: "properties", ...(name !== undefined ? { name } : {}), config: rest, warnings } };
}

function endsWithContinuation(line: string): boolean {
  let slashes = 0;
  for (let k = line.length - 1; k >= 0 && line.charAt(k) === "\\"; k--) slashes++;
  return slashes % 2 === 1;
}

function unescapeProperty(raw: string, line: number): { ok: true; value: string } | { ok: false; error: ConfigTextError } {
  let out = "";
  for (let k = 0; k < raw.length; k++) {
    const c = raw.charAt(k);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw.charAt(k + 1);
    k++;
    if (e === "u") {
      const hex = raw.slice(k + 1, k + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { ok: false, error: { message: `Malformed \\uxxxx escape "\\u${hex}".`, line } };
      out += String.fromCharCode(parseInt(hex, 16));
      k += 4;
    } else {
      out += e === "t" ? "\t" : e === "n" ? "\n" : e === "r" ? "\r" : e === "f" ? "\f" : e;
    }
  }
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------
// Output

/** The POST /connectors body, pretty-printed: `{"name": …, "config": {…}}`. */
export function toConnectJson(name: string, config: Record<string, string>): string {
  const rest = Object.fromEntries(Object.entries(config).filter(([k]) => k !== "name"));
  return JSON.stringify({ name, config: rest }, null, 2);
}

/** A flat config map, pretty-printed (the PUT /connectors/{name}/config body). */
export function toFlatJson(config: Record<string, string>): string {
  return JSON.stringify(config, null, 2);
}
