/**
 * CSV as RFC 4180 writes it: comma-separated fields, fields quoted with `"` when they hold a comma,
 * a quote (doubled) or a line break, lines ended by CRLF (LF and a lone CR are read too).
 *
 * Hand-written rather than csv-parse (the best-kept library for it): an import must answer every
 * bad line at once with the physical line it starts on, while csv-parse stops at the first
 * malformed quote and reports where a record ends; and forty lines cost no bundle size in the
 * functions whose cold start is benchmarked.
 */

/** One record and the physical line of the file it starts on (the header is line 1). */
export type CsvRow = { line: number; fields: string[] };
export type CsvError = { line: number; message: string };

const BYTE_ORDER_MARK = "\uFEFF";

/**
 * Every record of `text`, with a message for each line that is not well-formed CSV: such a line
 * is left out and reading goes on at the next line. Empty lines are skipped.
 */
export const parseCsv = (text: string): { rows: CsvRow[]; errors: CsvError[] } => {
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  const errors: CsvError[] = [];
  let at = 0;
  let line = 1;

  /** Moves past one line break at `at`, if there is one; true when it did. */
  const lineBreak = (): boolean => {
    if (source[at] === "\r") at += source[at + 1] === "\n" ? 2 : 1;
    else if (source[at] === "\n") at += 1;
    else return false;
    line += 1;
    return true;
  };
  const skipLine = () => {
    while (at < source.length && !lineBreak()) at += 1;
  };

  while (at < source.length) {
    if (lineBreak()) continue;
    const start = line;
    const fields: string[] = [];
    let failure: string | undefined;
    for (;;) {
      let field = "";
      if (source[at] === '"') {
        at += 1;
        for (;;) {
          if (at >= source.length) {
            failure = "a quoted field is never closed: end it with a quote";
            break;
          }
          const char = source[at] as string;
          if (char === '"' && source[at + 1] === '"') {
            field += '"';
            at += 2;
          } else if (char === '"') {
            at += 1;
            break;
          } else if (char === "\r" || char === "\n") {
            field += source[at] === "\r" && source[at + 1] === "\n" ? "\r\n" : char;
            lineBreak();
          } else {
            field += char;
            at += 1;
          }
        }
        if (!failure && at < source.length && !/[,\r\n]/.test(source[at] as string)) {
          failure = "a quoted field must be followed by a comma or the end of the line";
        }
      } else {
        while (at < source.length && !/[,\r\n]/.test(source[at] as string)) {
          if (source[at] === '"')
            failure ??= 'a quote inside an unquoted field: quote the whole field and write the quote as ""';
          field += source[at];
          at += 1;
        }
      }
      if (failure) break;
      fields.push(field);
      if (source[at] === ",") {
        at += 1;
        continue;
      }
      break;
    }
    if (failure) {
      errors.push({ line: start, message: `line ${start}: ${failure}` });
      skipLine();
      continue;
    }
    rows.push({ line: start, fields });
    lineBreak();
  }
  return { rows, errors };
};

/** Records of a file whose first line names the columns, each as column name → text. */
export type CsvTable = {
  records: { line: number; values: Record<string, string> }[];
  errors: CsvError[];
};

/**
 * Reads a file whose header names its columns, in any order. Every name of `required` must be
 * there, and no name outside `columns` may be; each record must have as many fields as the header.
 * Names are trimmed and compared without case, and read as `columns` spells them; values are trimmed.
 */
export const readCsvTable = (
  text: string,
  columns: readonly string[],
  required: readonly string[] = columns,
): CsvTable => {
  const { rows, errors } = parseCsv(text);
  const [header, ...body] = rows;
  if (header?.line !== 1) {
    return {
      records: [],
      errors: [
        { line: 1, message: `line 1: must be the header, naming the columns ${columns.join(",")}` },
        ...errors,
      ],
    };
  }
  const canonical = new Map(columns.map((column) => [column.toLowerCase(), column]));
  const names = header.fields.map((name) => canonical.get(name.trim().toLowerCase()) ?? name.trim());
  const headerProblems = [
    ...names.filter((name) => !columns.includes(name)).map((name) => `unknown column "${name}"`),
    ...required.filter((name) => !names.includes(name)).map((name) => `the column "${name}" is missing`),
    ...names
      .filter((name, index) => names.indexOf(name) !== index)
      .map((name) => `the column "${name}" appears twice`),
  ];
  if (headerProblems.length > 0) {
    return { records: [], errors: [{ line: 1, message: `line 1: ${headerProblems.join("; ")}` }, ...errors] };
  }
  const records: CsvTable["records"] = [];
  const fieldErrors: CsvError[] = [];
  for (const row of body) {
    if (row.fields.every((field) => field.trim() === "")) continue;
    if (row.fields.length !== names.length) {
      fieldErrors.push({
        line: row.line,
        message: `line ${row.line}: has ${row.fields.length} fields where the header names ${names.length}`,
      });
      continue;
    }
    records.push({
      line: row.line,
      values: Object.fromEntries(names.map((name, index) => [name, (row.fields[index] ?? "").trim()])),
    });
  }
  return { records, errors: [...errors, ...fieldErrors].sort((a, b) => a.line - b.line) };
};

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** Text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1+1`, `@SUM(...)`). */
const formulaStart = /^[=+\-@\t\r]/;

const csvField = (value: string | number | undefined): string => {
  // Titles come from any department's form and end up in an approver's spreadsheet: text that
  // would start a formula is kept as text, the way spreadsheets read a leading apostrophe.
  const text =
    value === undefined
      ? ""
      : typeof value === "string" && formulaStart.test(value)
        ? `'${value}`
        : String(value);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** A CSV file (without byte-order mark: the HTTP handler adds it) of a header and its rows. */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): string => [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
