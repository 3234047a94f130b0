import { Environment } from "@marcbachmann/cel-js";
import { base64ToBytes, hexToBytes } from "@/lib/kafka/decode";
import { FilterView, matchesNoCode, type FilterRecord, type MessageFilter } from "@/lib/kafka/filters";
import { JsonBigNumber, parseLosslessJson, type LosslessJson } from "@/lib/kafka/json";
import type { FilterTestResult } from "@/lib/kafka/schemas";

/**
 * Message filters on the server: the no-code ones (lib/kafka/filters.ts) and CEL expressions,
 * evaluated by @marcbachmann/cel-js: a CEL interpreter in plain JavaScript (no eval, no Function,
 * no vm, no native code). CEL is not Turing-complete, so an expression ends; its size and nesting
 * are capped at parse time, and regular expressions (JavaScript's engine, which can backtrack) are
 * accepted only as literals without nested repetition, so a filter cannot stall the server.
 */

export class FilterCompileError extends Error {
  override name = "FilterCompileError";
}

/** True when the record passes; throws when an expression fails on this record. */
export type RecordPredicate = (view: FilterView) => boolean;

const CEL_LIMITS = { maxAstNodes: 2_000, maxDepth: 64, maxListElements: 1_000, maxMapEntries: 1_000, maxCallArguments: 16 };

let environment: Environment | undefined;

function celEnvironment(): Environment {
  if (environment) return environment;
  environment = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false, limits: CEL_LIMITS })
    .registerVariable("key", "dyn")
    .registerVariable("value", "dyn")
    .registerVariable("keyText", "string")
    .registerVariable("valueText", "string")
    .registerVariable("keySchema", "dyn")
    .registerVariable("valueSchema", "dyn")
    .registerVariable("headers", "map<string, string>")
    .registerVariable("topic", "string")
    .registerVariable("partition", "int")
    .registerVariable("offset", "int")
    .registerVariable("timestamp", "int");
  return environment;
}

type CelProgram = (context: Record<string, unknown>) => unknown;

/** Parses and type-checks a CEL expression. Throws {@link FilterCompileError} saying what is wrong. */
export function compileCel(expression: string): CelProgram {
  const env = celEnvironment();
  let program: ReturnType<Environment["parse"]>;
  try {
    program = env.parse(expression);
  } catch (err) {
    throw new FilterCompileError(celMessage(err));
  }
  checkRegexes(program.ast);
  let checked: { valid: boolean; type?: unknown; error?: { message: string } };
  try {
    checked = program.check() as typeof checked;
  } catch (err) {
    throw new FilterCompileError(celMessage(err));
  }
  if (!checked.valid) throw new FilterCompileError(celMessage(checked.error));
  const type = String(checked.type);
  if (type !== "bool" && type !== "dyn") throw new FilterCompileError(`The expression gives ${type}, not bool: a filter must be true or false`);
  return program as unknown as CelProgram;
}

/** cel-js messages carry a source excerpt after the first line; keep both, trimmed. */
function celMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : typeof err === "object" && err !== null && "message" in err ? String((err as { message: unknown }).message) : String(err);
  return text.trim();
}

interface AstNode {
  op?: string;
  args?: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && "op" in value;
}

/** Refuses `matches()` with a computed pattern, or a pattern that could backtrack for ever. */
function checkRegexes(ast: unknown): void {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!isNode(node)) continue;
    const args = node.args;
    if ((node.op === "rcall" || node.op === "call") && Array.isArray(args) && args[0] === "matches") {
      const callArgs = (node.op === "rcall" ? args[2] : args[1]) as unknown;
      const patternNode = Array.isArray(callArgs) ? (callArgs[callArgs.length - 1] as unknown) : undefined;
      if (!isNode(patternNode) || patternNode.op !== "value" || typeof patternNode.args !== "string") {
        throw new FilterCompileError("matches() needs its pattern written as a string literal");
      }
      const problem = unsafePattern(patternNode.args);
      if (problem) throw new FilterCompileError(`matches("${patternNode.args}"): ${problem}`);
    }
    if (Array.isArray(args)) stack.push(...(args as unknown[]));
    else if (isNode(args)) stack.push(args);
  }
}

/** Why a pattern is refused: backreferences, lookaround, or a repeated group that itself repeats. */
export function unsafePattern(pattern: string): string | undefined {
  if (pattern.length > 1_000) return "the pattern is longer than 1000 characters";
  if (/\\[1-9]|\\k</.test(pattern)) return "backreferences are not supported";
  if (/\(\?<?[=!]/.test(pattern)) return "lookahead and lookbehind are not supported";
  try {
    new RegExp(pattern, "u");
  } catch (err) {
    return err instanceof Error ? err.message : "not a valid pattern";
  }
  // Star height: a quantified group containing a quantifier, e.g. (a+)+ or (x*y)*.
  const groups: { hasQuantifier: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") groups.push({ hasQuantifier: false });
    else if (c === ")") {
      const group = groups.pop();
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "{";
      if (group?.hasQuantifier && quantified) return "nested repetition such as (a+)+ can take exponential time";
      if (group?.hasQuantifier || quantified) {
        const parent = groups[groups.length - 1];
        if (parent) parent.hasQuantifier = true;
      }
    } else if (c === "*" || c === "+" || c === "{") {
      const parent = groups[groups.length - 1];
      if (parent) parent.hasQuantifier = true;
    }
  }
  return undefined;
}

// --- CEL values of a record ---------------------------------------------------------------------

/** A JSON tree as CEL values: integers become int (bigint, exact beyond 2^53), fractions double. */
export function celValue(value: LosslessJson): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (value instanceof JsonBigNumber) return value.isInteger ? BigInt(value.text) : Number(value.text);
  if (Array.isArray(value)) return value.map(celValue);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = celValue(value[k] as LosslessJson);
  return out;
}

function payloadValue(payload: FilterRecord["key"], json: () => LosslessJson | undefined): unknown {
  if (payload === null) return null;
  const tree = json();
  if (tree !== undefined) return celValue(tree);
  if (payload.encoding === "hex" || payload.encoding === "base64") {
    try {
      return payload.encoding === "hex" ? hexToBytes(payload.data) : base64ToBytes(payload.data);
    } catch {
      return payload.data;
    }
  }
  return payload.data;
}

function schemaValue(payload: FilterRecord["key"]): unknown {
  if (payload?.encoding !== "connect-json" || payload.schema === undefined) return null;
  try {
    return celValue(parseLosslessJson(payload.schema));
  } catch {
    return null;
  }
}

/** The variables of {@link CEL_VARIABLES} for one record; the costly ones are computed on first use. */
export function celContext(view: FilterView): Record<string, unknown> {
  const r = view.record;
  let headers: Record<string, string> | undefined;
  return {
    get key() {
      return payloadValue(r.key, () => view.keyJson());
    },
    get value() {
      return payloadValue(r.value, () => view.valueJson());
    },
    keyText: r.key?.data ?? "",
    valueText: r.value?.data ?? "",
    get keySchema() {
      return schemaValue(r.key);
    },
    get valueSchema() {
      return schemaValue(r.value);
    },
    get headers() {
      if (!headers) {
        headers = Object.create(null) as Record<string, string>;
        for (const h of r.headers) headers[h.key] = h.value ?? "";
      }
      return headers;
    },
    topic: r.topic,
    partition: BigInt(r.partition),
    offset: BigInt(r.offset),
    timestamp: BigInt(Math.trunc(r.timestamp)),
  };
}

/** The predicate of a CEL filter: a non-boolean result does not match. Throws on evaluation errors. */
export function celPredicate(expression: string): RecordPredicate {
  const program = compileCel(expression);
  return (view) => program(celContext(view)) === true;
}

/** One predicate for all filters (AND), plus the `q` shorthand; undefined when nothing filters. */
export function compileFilters(filters: readonly MessageFilter[] = [], q?: string): RecordPredicate | undefined {
  const predicates: RecordPredicate[] = [];
  if (q !== undefined && q !== "") {
    predicates.push((view) => matchesNoCode({ type: "text", target: "any", op: "contains", value: q, caseSensitive: false }, view));
  }
  // Cheap no-code filters first, so an expression runs only on records they let through.
  for (const f of filters) if (f.type !== "cel") predicates.push((view) => matchesNoCode(f, view));
  for (const f of filters) if (f.type === "cel") predicates.push(celPredicate(f.expression));
  if (predicates.length === 0) return undefined;
  if (predicates.length === 1) return predicates[0];
  return (view) => predicates.every((p) => p(view));
}

/** The filter test bench: the verdict of one filter on one record, or why it failed. */
export function testFilter(filter: MessageFilter, record: FilterRecord): FilterTestResult {
  const view = new FilterView(record);
  if (filter.type !== "cel") return { ok: true, matched: matchesNoCode(filter, view) };
  let program: CelProgram;
  try {
    program = compileCel(filter.expression);
  } catch (err) {
    return { ok: false, phase: "compile", error: celMessage(err) };
  }
  try {
    const result = program(celContext(view));
    return { ok: true, matched: result === true, result: describeCel(result) };
  } catch (err) {
    return { ok: false, phase: "evaluate", error: celMessage(err) };
  }
}

function describeCel(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

