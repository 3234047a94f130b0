/**
 * A JSONPath subset for picking records and fields out of HTTP responses: `$` (the document), `.name`
 * and `['name']` / `["name"]` (a member), `[n]` (an array element, negative counts from the end),
 * `[*]` and `.*` (every element or member value). Enough for `$.data.items[*]`, `$.next_cursor`,
 * `$['@odata.nextLink']`; filters and recursive descent are not supported.
 */

type Step = { kind: "member"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

export class JsonPathError extends Error {
  override name = "JsonPathError";
}

const cache = new Map<string, Step[]>();

/** Parses a path; throws JsonPathError naming the position of the problem. */
export function parseJsonPath(path: string): Step[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const text = path.trim();
  if (!text.startsWith("$")) throw new JsonPathError(`JSON path must start with $: ${path}`);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      if (text[i + 1] === "*") {
        steps.push({ kind: "wildcard" });
        i += 2;
        continue;
      }
      const m = /^[A-Za-z_$@][\w$@-]*/.exec(text.slice(i + 1));
      if (!m) throw new JsonPathError(`Expected a member name at position ${i + 1} of ${path}`);
      steps.push({ kind: "member", name: m[0] });
      i += 1 + m[0].length;
    } else if (c === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) throw new JsonPathError(`Unclosed [ at position ${i} of ${path}`);
      const inner = text.slice(i + 1, close).trim();
      if (inner === "*") steps.push({ kind: "wildcard" });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push({ kind: "member", name: inner.slice(1, -1) });
      else throw new JsonPathError(`Unsupported selector [${inner}] in ${path}`);
      i = close + 1;
    } else {
      throw new JsonPathError(`Unexpected '${c}' at position ${i} of ${path}`);
    }
  }
  cache.set(path, steps);
  return steps;
}

/** Every value the path selects in `document` (missing members select nothing). */
export function selectJsonPath(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === "member") {
        if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, step.name)) {
          next.push((value as Record<string, unknown>)[step.name]);
        }
      } else if (step.kind === "index") {
        if (Array.isArray(value)) {
          const index = step.index < 0 ? value.length + step.index : step.index;
          if (index >= 0 && index < value.length) next.push(value[index]);
        }
      } else if (Array.isArray(value)) {
        next.push(...value);
      } else if (value !== null && typeof value === "object") {
        next.push(...Object.values(value));
      }
    }
    current = next;
  }
  return current;
}

/** The first value the path selects, or undefined. */
export function selectOne(document: unknown, path: string): unknown {
  return selectJsonPath(document, path)[0];
}
