/**
 * RFC 4180 CSV: fields separated by one character, optionally quoted with `"` (a quote inside a
 * quoted field doubled: `""`), quoted fields may hold separators and line breaks; rows end with
 * `\n`, `\r\n` or `\r`. A final line break is optional; blank lines are skipped.
 */

export class CsvError extends Error {
  override name = "CsvError";
}

export interface CsvRow {
  fields: string[];
  /** 1-based line number where the row starts (for error messages). */
  line: number;
}

export function parseCsv(text: string, separator = ","): CsvRow[] {
  if (separator.length !== 1 || separator === '"' || separator === "\n" || separator === "\r") {
    throw new CsvError(`Invalid separator ${JSON.stringify(separator)}: one character other than a quote or line break`);
  }
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    fields.push(field);
    // A blank line is no row.
    if (!(fields.length === 1 && fields[0] === "" && !fieldStarted)) rows.push({ fields, line: rowLine });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  // Skip a UTF-8 byte order mark.
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== separator && next !== "\n" && next !== "\r") {
          throw new CsvError(`Line ${line}: unexpected character ${JSON.stringify(next)} after a closing quote`);
        }
        continue;
      }
      if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== "") throw new CsvError(`Line ${line}: a quote inside an unquoted field`);
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === separator) {
      fields.push(field);
      field = "";
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      endRow();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError(`Line ${rowLine}: a quoted field is not closed before the end of the file`);
  if (field !== "" || fields.length > 0 || fieldStarted) endRow();
  return rows;
}
