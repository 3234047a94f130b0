/**
 * The secrets Ferry must never print: values of PASSWORD keys and values resolved from config
 * providers, registered per owner (a connector name) while it runs. `redact` replaces each of them
 * by `[hidden]` (Kafka's Password.toString) in log lines, status traces and error messages. Values
 * shorter than MIN_SECRET_LENGTH are not masked in free text: they would match everywhere.
 */
export const HIDDEN = "[hidden]";
export const MIN_SECRET_LENGTH = 4;

export class SecretRedactor {
  readonly #byOwner = new Map<string, ReadonlySet<string>>();
  #pattern: RegExp | null = null;
  #dirty = false;

  /** Replaces the owner's secrets. */
  set(owner: string, values: Iterable<string>): void {
    const kept = new Set<string>();
    for (const value of values) if (value.length >= MIN_SECRET_LENGTH) kept.add(value);
    if (kept.size === 0) this.#byOwner.delete(owner);
    else this.#byOwner.set(owner, kept);
    this.#dirty = true;
  }

  /** Adds to the owner's secrets. */
  add(owner: string, values: Iterable<string>): void {
    this.set(owner, [...(this.#byOwner.get(owner) ?? []), ...values]);
  }

  delete(owner: string): void {
    if (this.#byOwner.delete(owner)) this.#dirty = true;
  }

  /** True when no secret is registered (callers can skip work). */
  get empty(): boolean {
    return this.#byOwner.size === 0;
  }

  redact(text: string): string {
    const pattern = this.#currentPattern();
    if (pattern === null) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, HIDDEN);
  }

  #currentPattern(): RegExp | null {
    if (this.#dirty) {
      const all = new Set<string>();
      for (const values of this.#byOwner.values()) for (const value of values) all.add(value);
      // Longest first, so a secret containing another is masked whole.
      const sorted = [...all].sort((a, b) => b.length - a.length);
      this.#pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join("|"), "g");
      this.#dirty = false;
    }
    return this.#pattern;
  }
}

/** Masks `secrets` in one text without a registry (validation answers). */
export function redactText(text: string, secrets: Iterable<string>): string {
  const redactor = new SecretRedactor();
  redactor.set("", secrets);
  return redactor.redact(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A copy of an error (and its cause chain) whose messages and stacks have the secrets masked,
 * keeping what a status trace prints (name, Kafka exception class). The error itself when there
 * is nothing to mask.
 */
export function redactError(error: unknown, redactor: SecretRedactor, seen = new Set<unknown>()): unknown {
  if (redactor.empty) return error;
  if (!(error instanceof Error)) return typeof error === "string" ? redactor.redact(error) : error;
  if (seen.has(error)) return undefined;
  seen.add(error);
  const copy = new Error(redactor.redact(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : redactor.redact(error.stack);
  const exceptionClass = (error as { exceptionClass?: unknown }).exceptionClass;
  if (typeof exceptionClass === "string") Object.defineProperty(copy, "exceptionClass", { value: exceptionClass, enumerable: false });
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) (copy as { cause?: unknown }).cause = redactError(cause, redactor, seen);
  return copy;
}
