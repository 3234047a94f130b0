import { formatDouble } from "./number-format";

/**
 * An exact decimal number: `unscaled × 10^-scale`, the value of a Decimal logical field.
 *
 * Like Java's BigDecimal (whose text forms Kafka writes), the scale is part of the value: 1.0 (10, 1)
 * and 1.00 (100, 2) are different decimals that compare equal with {@link BigDecimal.compareTo}.
 */
export class BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;

  constructor(unscaled: bigint, scale: number) {
    if (!Number.isInteger(scale) || scale > 2147483647 || scale < -2147483648) {
      throw new RangeError(`Invalid scale ${scale}`);
    }
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /** Parses Java BigDecimal syntax: `[+-]digits[.digits][(e|E)[+-]digits]` (".5" and "5." allowed). */
  static parse(text: string): BigDecimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    const intDigits = m?.[2] ?? "";
    const fracDigits = m?.[3] ?? "";
    if (!m || intDigits.length + fracDigits.length === 0) {
      throw new NumberFormatError(`Character array is missing "exponent" mark 'e' or 'E'.`, text);
    }
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    const unscaled = BigInt((m[1] === "-" ? "-" : "") + (intDigits + fracDigits || "0"));
    return new BigDecimal(unscaled, fracDigits.length - exponent);
  }

  /** Java `BigDecimal.valueOf(double)`: the decimal spelled by `Double.toString(x)` (1.0 has scale 1). */
  static fromNumber(x: number): BigDecimal {
    if (!Number.isFinite(x)) throw new NumberFormatError("Infinite or NaN", String(x));
    return BigDecimal.parse(formatDouble(x));
  }

  static fromBigInt(value: bigint, scale = 0): BigDecimal {
    return new BigDecimal(value, scale);
  }

  /** Number of decimal digits of the unscaled value (1 for zero). */
  precision(): number {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return abs.toString().length;
  }

  signum(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** Rescales without rounding; throws when digits would be lost. */
  setScale(newScale: number): BigDecimal {
    if (newScale === this.scale) return this;
    if (newScale > this.scale) {
      return new BigDecimal(this.unscaled * 10n ** BigInt(newScale - this.scale), newScale);
    }
    const divisor = 10n ** BigInt(this.scale - newScale);
    if (this.unscaled % divisor !== 0n) throw new RangeError("Rounding necessary");
    return new BigDecimal(this.unscaled / divisor, newScale);
  }

  /** True when the value has no fractional part (whatever its scale). */
  isIntegral(): boolean {
    if (this.scale <= 0) return true;
    return this.unscaled % 10n ** BigInt(this.scale) === 0n;
  }

  /** Integer part, truncated toward zero (Java `toBigInteger`). */
  toBigInt(): bigint {
    if (this.scale <= 0) return this.unscaled * 10n ** BigInt(-this.scale);
    return this.unscaled / 10n ** BigInt(this.scale);
  }

  /** Nearest double (Java `doubleValue`). */
  toNumber(): number {
    return Number(this.toString());
  }

  compareTo(other: BigDecimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unscaled * 10n ** BigInt(scale - this.scale);
    const b = other.unscaled * 10n ** BigInt(scale - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Java semantics: equal value and equal scale. */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.scale === this.scale && other.unscaled === this.unscaled;
  }

  /** Java `BigDecimal.toString()`: plain unless the scale is negative or the exponent below -6. */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? "-" : "";
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) return sign + plain(digits, this.scale);
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? "+" : ""}${adjusted}`;
  }

  /** Java `BigDecimal.toPlainString()`. */
  toPlainString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? "-" : "";
    if (this.scale <= 0) return sign + digits + (this.unscaled === 0n ? "" : "0".repeat(-this.scale));
    return sign + plain(digits, this.scale);
  }

  toJSON(): string {
    return this.toString();
  }
}

function plain(digits: string, scale: number): string {
  if (scale === 0) return digits;
  if (digits.length > scale) return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return `0.${"0".repeat(scale - digits.length)}${digits}`;
}

/** A string that is not a number of the expected kind (Java's NumberFormatException). */
export class NumberFormatError extends Error {
  override name = "NumberFormatError";
  readonly input: string;

  constructor(message: string, input: string) {
    super(message);
    this.input = input;
  }
}
