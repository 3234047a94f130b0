/**
 * Decimal text of floating-point numbers exactly as Kafka Connect prints them (JsonConverter output,
 * header strings, config defaults): Java's `Double.toString` / `Float.toString`, i.e. the shortest
 * digits that read back to the same value, written plain for 1e-3 <= |x| < 1e7 ("1.0", "0.001",
 * "1234567.0") and as computerized scientific notation otherwise ("1.0E7", "1.0E-4", "4.9E-324").
 */

/** Java `Double.toString(x)`. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  return layout(x < 0, shortestDigits(Math.abs(x), 17, (s) => Number(s) === Math.abs(x)));
}

/** Java `Float.toString(x)` for a number that is (or is rounded to) a 32-bit float. */
export function formatFloat(value: number): string {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  return layout(x < 0, shortestDigits(abs, 9, (s) => Math.fround(Number(s)) === abs));
}

interface Digits {
  /** Significant digits, no leading or trailing zeros (at least one digit). */
  digits: string;
  /** Decimal exponent of the first digit: value = d.ddd × 10^exp. */
  exp: number;
}

/**
 * Java's choice (JDK 19+): among the shortest decimals that read back to `abs`, the one closest to it,
 * ties going to an even last digit; when one digit would do, two-digit decimals compete too (so
 * 5e-324 prints as 4.9E-324). toPrecision gives the nearest candidate at each length, rounding ties
 * up, so its neighbours are checked exactly.
 */
function shortestDigits(abs: number, maxPrecision: number, roundTrips: (s: string) => boolean): Digits {
  for (let p = 1; p <= maxPrecision; p++) {
    if (!roundTrips(abs.toPrecision(p))) continue;
    const candidates = [...neighbours(abs.toPrecision(p)), ...(p === 1 ? neighbours(abs.toPrecision(2)) : [])].filter(
      (c) => roundTrips(`${c.digits}e${c.exp10}`),
    );
    const exact = exactValue(abs);
    let best: Candidate | null = null;
    let bestDistance = 0n;
    let bestScale = 0n;
    for (const c of candidates) {
      // Compare |c - x| across candidates with a common denominator.
      const [num, den] = distance(c, exact);
      if (best === null) {
        best = c;
        bestDistance = num;
        bestScale = den;
        continue;
      }
      const cmp = num * bestScale - bestDistance * den;
      if (cmp < 0n || (cmp === 0n && c.digits % 2n === 0n && best.digits % 2n !== 0n)) {
        best = c;
        bestDistance = num;
        bestScale = den;
      }
    }
    if (best !== null) return toDigits(best);
  }
  return splitExponential(abs.toExponential());
}

interface Candidate {
  /** value = digits × 10^exp10 */
  digits: bigint;
  exp10: number;
}

function neighbours(text: string): Candidate[] {
  const { digits, exp } = splitExponential(toExponentialText(text));
  const exp10 = exp - (digits.length - 1);
  const d = BigInt(digits);
  return [d - 1n, d, d + 1n].filter((v) => v > 0n).map((v) => ({ digits: v, exp10 }));
}

function toDigits(c: Candidate): Digits {
  const text = c.digits.toString();
  const trimmed = text.replace(/0+$/, "") || "0";
  return { digits: trimmed, exp: c.exp10 + text.length - 1 };
}

/** The exact value of a finite positive double: mantissa × 2^exp2. */
function exactValue(x: number): { mantissa: bigint; exp2: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exp2: -1074 } : { mantissa: fraction | (1n << 52n), exp2: biased - 1075 };
}

/** |c − x| as numerator/denominator. */
function distance(c: Candidate, x: { mantissa: bigint; exp2: number }): [bigint, bigint] {
  let a = c.digits;
  let b = x.mantissa;
  let den = 1n;
  if (c.exp10 >= 0) a *= 10n ** BigInt(c.exp10);
  else {
    den *= 10n ** BigInt(-c.exp10);
    b *= 10n ** BigInt(-c.exp10);
  }
  if (x.exp2 >= 0) b *= 2n ** BigInt(x.exp2);
  else {
    den *= 2n ** BigInt(-x.exp2);
    a *= 2n ** BigInt(-x.exp2);
  }
  const diff = a - b;
  return [diff < 0n ? -diff : diff, den];
}

/** toPrecision output may be plain ("0.0012") or exponential ("1.2e+21"); normalize to exponential. */
function toExponentialText(text: string): string {
  if (text.includes("e")) return text;
  const [intPart = "0", fracPart = ""] = text.split(".");
  const all = (intPart + fracPart).replace(/^0+/, "");
  const leadingZeros = (intPart + fracPart).length - all.length;
  const exp = intPart.length - 1 - leadingZeros;
  const digits = all.replace(/0+$/, "") || "0";
  return `${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e${exp >= 0 ? "+" : ""}${exp}`;
}

function splitExponential(text: string): Digits {
  const [mantissa = "0", expText = "0"] = text.split("e");
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  return { digits, exp: Number(expText) };
}

function layout(negative: boolean, { digits, exp }: Digits): string {
  const sign = negative ? "-" : "";
  if (exp >= -3 && exp < 7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1) || "0";
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1) || "0";
  return `${sign}${digits[0]}.${frac}E${exp}`;
}
