/**
 * Java's SimpleDateFormat, in UTC, for the pattern letters Connect users write in TimestampRouter and
 * TimestampConverter: G y Y M L d D E u a H k K h m s S z Z X, quoted text (`'T'`, `''`), and other
 * characters as literals. Formats and parses (parsing is strict about field widths only where
 * adjacent numeric fields need it, as Java's is).
 */

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LETTERS = /[A-Za-z]/;
const KNOWN = "GyYMLdDEuaHkKhmsSzZX";

type Token = { kind: "literal"; text: string } | { kind: "field"; letter: string; count: number };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ kind: "literal", text: "'" });
        i += 2;
        continue;
      }
      let text = "";
      i++;
      for (;;) {
        if (i >= pattern.length) throw new Error(`Unterminated quote`);
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i];
        i++;
      }
      tokens.push({ kind: "literal", text });
    } else if (LETTERS.test(c)) {
      if (!KNOWN.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      tokens.push({ kind: "field", letter: c, count });
      i += count;
    } else {
      tokens.push({ kind: "literal", text: c });
      i++;
    }
  }
  return tokens;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length >= width ? s : "0".repeat(width - s.length) + s);
}

function text(names: readonly string[], index: number, count: number): string {
  const name = names[index] as string;
  return count >= 4 ? name : name.slice(0, 3);
}

export class JavaDateFormat {
  readonly pattern: string;
  readonly #tokens: Token[];

  /** Throws Error (Java's IllegalArgumentException) for an invalid pattern. */
  constructor(pattern: string) {
    this.pattern = pattern;
    this.#tokens = tokenize(pattern);
  }

  format(date: Date): string {
    let out = "";
    for (const t of this.#tokens) {
      if (t.kind === "literal") {
        out += t.text;
        continue;
      }
      const n = t.count;
      switch (t.letter) {
        case "G":
          out += date.getUTCFullYear() > 0 ? "AD" : "BC";
          break;
        case "y":
        case "Y": {
          const year = date.getUTCFullYear();
          out += n === 2 ? pad(year % 100, 2) : pad(year, n);
          break;
        }
        case "M":
        case "L":
          out += n >= 3 ? text(MONTHS, date.getUTCMonth(), n) : pad(date.getUTCMonth() + 1, n);
          break;
        case "d":
          out += pad(date.getUTCDate(), n);
          break;
        case "D": {
          const start = Date.UTC(date.getUTCFullYear(), 0, 1);
          out += pad(Math.floor((date.getTime() - start) / 86_400_000) + 1, n);
          break;
        }
        case "E":
          out += text(DAYS, date.getUTCDay(), n);
          break;
        case "u":
          out += pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), n);
          break;
        case "a":
          out += date.getUTCHours() < 12 ? "AM" : "PM";
          break;
        case "H":
          out += pad(date.getUTCHours(), n);
          break;
        case "k":
          out += pad(date.getUTCHours() === 0 ? 24 : date.getUTCHours(), n);
          break;
        case "K":
          out += pad(date.getUTCHours() % 12, n);
          break;
        case "h":
          out += pad(date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12, n);
          break;
        case "m":
          out += pad(date.getUTCMinutes(), n);
          break;
        case "s":
          out += pad(date.getUTCSeconds(), n);
          break;
        case "S":
          out += pad(date.getUTCMilliseconds(), n);
          break;
        case "z":
          out += n >= 4 ? "Coordinated Universal Time" : "UTC";
          break;
        case "Z":
          out += "+0000";
          break;
        case "X":
          out += "Z";
          break;
      }
    }
    return out;
  }

  /** Parses a string in this format (UTC unless it carries a zone); throws Error when it does not fit. */
  parse(input: string): Date {
    let pos = 0;
    let year = 1970;
    let month = 0;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let millis = 0;
    let pm: boolean | null = null;
    let hour12: number | null = null;
    let offsetMinutes = 0;
    const fail = (): Error => new Error(`Unparseable date: "${input}"`);
    const tokens = this.#tokens;
    for (let ti = 0; ti < tokens.length; ti++) {
      const t = tokens[ti] as Token;
      if (t.kind === "literal") {
        if (!input.startsWith(t.text, pos)) throw fail();
        pos += t.text.length;
        continue;
      }
      const next = tokens[ti + 1];
      // Adjacent numeric fields (yyyyMMdd) take exactly their width, as in Java.
      const fixed = next !== undefined && next.kind === "field" && !"MLEaGzZX".includes(next.letter) ? t.count : Infinity;
      const readNumber = (): number => {
        const m = /^[+-]?\d+/.exec(input.slice(pos, fixed === Infinity ? undefined : pos + fixed));
        if (m === null) throw fail();
        pos += m[0].length;
        return Number(m[0]);
      };
      const readName = (names: readonly string[]): number => {
        const rest = input.slice(pos).toLowerCase();
        for (const [full, idx] of names.map((nm, i) => [nm, i] as const)) {
          for (const candidate of [full, full.slice(0, 3)]) {
            if (rest.startsWith(candidate.toLowerCase())) {
              pos += candidate.length;
              return idx;
            }
          }
        }
        throw fail();
      };
      switch (t.letter) {
        case "y":
        case "Y": {
          const start = pos;
          year = readNumber();
          if (t.count <= 2 && pos - start === 2) year += year < 50 ? 2000 : 1900;
          break;
        }
        case "M":
        case "L":
          month = t.count >= 3 ? readName(MONTHS) : readNumber() - 1;
          break;
        case "d":
          day = readNumber();
          break;
        case "D":
          month = 0;
          day = readNumber();
          break;
        case "E":
          readName(DAYS);
          break;
        case "u":
          readNumber();
          break;
        case "a":
          pm = readName(["AM", "PM"]) === 1;
          break;
        case "H":
          hour = readNumber();
          break;
        case "k":
          hour = readNumber() % 24;
          break;
        case "K":
        case "h":
          hour12 = readNumber() % 12;
          break;
        case "m":
          minute = readNumber();
          break;
        case "s":
          second = readNumber();
          break;
        case "S":
          millis = readNumber();
          break;
        case "G":
          readName(["AD", "BC"]);
          break;
        case "z":
        case "Z":
        case "X": {
          const rest = input.slice(pos);
          const z = /^(?:Z|UTC|GMT|([+-])(\d{2}):?(\d{2})?)/.exec(rest);
          if (z === null) throw fail();
          pos += z[0].length;
          if (z[1] !== undefined) {
            const sign = z[1] === "-" ? -1 : 1;
            offsetMinutes = sign * (Number(z[2]) * 60 + Number(z[3] ?? "0"));
          }
          break;
        }
      }
    }
    if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
    else if (pm === true && hour < 12) hour += 12;
    const d = new Date(0);
    d.setUTCFullYear(year, month, day);
    d.setUTCHours(hour, minute, second, millis);
    return new Date(d.getTime() - offsetMinutes * 60_000);
  }
}
