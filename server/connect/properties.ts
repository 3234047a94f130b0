import { readFile } from "node:fs/promises";

/** A `.properties` file Java's `Properties.load` would refuse (a malformed `\uXXXX` escape). */
export class PropertiesSyntaxError extends Error {
  override name = "PropertiesSyntaxError";
}

const WHITESPACE = new Set([" ", "\t", "\f"]);

/**
 * Parses `.properties` text with `java.util.Properties#load` semantics: `key=value`, `key: value`
 * or `key value`; `#` and `!` comment lines; a line ending in an odd number of backslashes
 * continues on the next one (whose leading whitespace is dropped); escapes `\t \n \r \f \uXXXX`
 * and `\x` → `x` in keys and values. Leading whitespace of keys and values is dropped, trailing
 * whitespace of values is kept, later keys win.
 *
 * Unlike `Properties.load(InputStream)` (ISO-8859-1), the text is whatever the caller decoded,
 * UTF-8 for files read by {@link readPropertiesFile}.
 */
export function parseProperties(text: string): Record<string, string> {
  const entries = new Map<string, string>();
  for (const line of logicalLines(text)) {
    const { key, value } = splitKeyValue(line);
    entries.set(unescape(key), unescape(value));
  }
  return Object.fromEntries(entries);
}

/** Reads a `.properties` file as UTF-8; the empty path means "no properties", as in Kafka's CLI. */
export async function readPropertiesFile(path: string): Promise<Record<string, string>> {
  if (path === "") return {};
  return parseProperties(await readFile(path, "utf8"));
}

function* logicalLines(text: string): Generator<string> {
  const natural = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < natural.length; i++) {
    let line = stripLeadingWhitespace(natural[i] as string);
    // Comment and blank lines are never continued.
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    while (endsWithOddBackslashes(line)) {
      line = line.slice(0, -1);
      i++;
      if (i >= natural.length) break;
      line += stripLeadingWhitespace(natural[i] as string);
    }
    yield line;
  }
}

function stripLeadingWhitespace(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i] as string)) i++;
  return s.slice(i);
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** Properties#load0: the key ends at the first unescaped `=`, `:` or whitespace. */
function splitKeyValue(line: string): { key: string; value: string } {
  let keyEnd = 0;
  let valueStart = line.length;
  let hasSeparator = false;
  let escaped = false;
  for (; keyEnd < line.length; keyEnd++) {
    const c = line[keyEnd] as string;
    if (!escaped && (c === "=" || c === ":")) {
      valueStart = keyEnd + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && WHITESPACE.has(c)) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = c === "\\" ? !escaped : false;
  }
  for (; valueStart < line.length; valueStart++) {
    const c = line[valueStart] as string;
    if (WHITESPACE.has(c)) continue;
    if (!hasSeparator && (c === "=" || c === ":")) {
      hasSeparator = true;
      continue;
    }
    break;
  }
  return { key: line.slice(0, keyEnd), value: line.slice(valueStart) };
}

const ESCAPES: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f" };

/** Properties#loadConvert. */
function unescape(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    i++;
    if (i >= s.length) break; // a lone trailing backslash is dropped
    const next = s[i] as string;
    if (next === "u") {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError("Malformed \\uxxxx encoding.");
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ESCAPES[next] ?? next;
    }
  }
  return out;
}
