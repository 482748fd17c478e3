/**
 * The one CSV reader of the project (RFC 4180: fields separated by commas, optionally quoted
 * with ", quotes doubled, a quoted field may span lines). The scenario layer reads users'
 * CSVs with it, the report layer reads back its own files.
 */

/** A record and the 1-based line of the file it starts on. */
export interface CsvRecord { line: number; cells: string[] }

/** Every record of `text`, or null when a quote is left open (the text is not CSV). */
export function parseCsvRecords(text: string): CsvRecord[] | null {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      records.push({ line: start, cells });
      cells = [];
      field = '';
      start = ++line;
    } else field += ch;
  }
  if (quoted) return null;
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    records.push({ line: start, cells });
  }
  return records;
}
