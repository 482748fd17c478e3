/**
 * The one CSV reader of the project (RFC 4180: fields separated by commas, optionally quoted
 * with ", quotes doubled, a quoted field may span lines). The scenario layer reads users'
 * CSVs with it, the report layer reads back its own files.
 */

/** A record and the 1-based line of the file it starts on. */
export interface CsvRecord { line: number; cells: string[] }

/**
 * Every record of `text`, or null when a quote is left open (the text is not CSV). Runs of
 * ordinary characters are taken as slices of the text, not built a character at a time: a
 * field built by `+=` per character is a chain of one-character strings until it is flattened,
 * which made reading back a 48 MB cdf.csv take about a gigabyte.
 */
export function parseCsvRecords(text: string): CsvRecord[] | null {
  const records: CsvRecord[] = [];
  return forEachCsvRecord(text, (cells, line) => records.push({ line, cells })) ? records : null;
}

/**
 * Hands each record of `text` to `visit` as it is read, so a large file never exists as records
 * all at once; returns false when a quote is left open (the records before it were visited).
 * The text ends inside a quote exactly when it holds an odd number of quote characters (a doubled
 * quote inside a quoted field is two), which a caller can check first.
 */
export function forEachCsvRecord(text: string, visit: (cells: string[], line: number) => void): boolean {
  const n = text.length;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < n) {
    if (quoted) {
      // Up to the next quote, line ends included (counted, for the records' line numbers).
      const q = text.indexOf('"', i);
      if (q < 0) return false;
      for (let k = i; k < q; k++) if (text.charCodeAt(k) === NEWLINE) line++;
      field += text.slice(i, q);
      if (text.charCodeAt(q + 1) === QUOTE) {
        field += '"';
        i = q + 2;
      } else {
        quoted = false;
        i = q + 1;
      }
      continue;
    }
    // Up to the next quote, comma or line end.
    let j = i, c = 0;
    while (j < n && (c = text.charCodeAt(j)) !== QUOTE && c !== COMMA && c !== NEWLINE && c !== RETURN) j++;
    field += text.slice(i, j);
    if (j >= n) break;
    i = j + 1;
    if (c === QUOTE) quoted = true;
    else if (c === COMMA) {
      cells.push(field);
      field = '';
    } else {
      if (c === RETURN && text.charCodeAt(i) === NEWLINE) i++;
      cells.push(field);
      visit(cells, start);
      cells = [];
      field = '';
      start = ++line;
    }
  }
  if (quoted) return false;
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    visit(cells, start);
  }
  return true;
}

const QUOTE = 34, COMMA = 44, NEWLINE = 10, RETURN = 13;
