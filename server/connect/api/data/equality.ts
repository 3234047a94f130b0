/**
 * Value equality for Connect data, as Kafka's `Objects.deepEquals` on its Java values: byte arrays by
 * content, maps regardless of entry order, decimals by value and scale, dates by instant. An INT64
 * may be a bigint or a number; 5n and 5 are the same value.
 */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (typeof a === "bigint" || typeof b === "bigint") {
    return isIntegral(a) && isIntegral(b) && BigInt(a) === BigInt(b);
  }
  if (typeof a !== "object" || typeof b !== "object") return false;
  // Before `equals`: a Buffer has one, and it throws on anything but bytes.
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (hasEquals(a)) return a.equals(b);
  if (hasEquals(b)) return b.equals(a);
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEquals(v, b[i]));
  }
  const ea = entriesOf(a);
  const eb = entriesOf(b);
  if (ea === null || eb === null) return false;
  if (ea.length !== eb.length) return false;
  return ea.every(([k, v]) => {
    const match = eb.find(([k2]) => deepEquals(k, k2));
    return match !== undefined && deepEquals(v, match[1]);
  });
}

function isIntegral(value: unknown): value is bigint | number {
  return typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
}

function hasEquals(value: object): value is { equals(other: unknown): boolean } {
  return typeof (value as { equals?: unknown }).equals === "function";
}

function entriesOf(value: object): [unknown, unknown][] | null {
  if (value instanceof Map) return [...value.entries()];
  if (isPlainObject(value)) return Object.entries(value);
  return null;
}

/** An object literal (or `Object.create(null)`), not a class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short description of a value's JavaScript type, for error messages ("string", "number 1.5", "Map"). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
    case "bigint":
      return `${typeof value} ${String(value)}`;
    case "object": {
      if (Array.isArray(value)) return "Array";
      if (isPlainObject(value)) return "Object";
      const ctor = (value as { constructor?: { name?: unknown } }).constructor;
      return typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "object";
    }
    default:
      return typeof value;
  }
}
