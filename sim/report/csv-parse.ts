/**
 * Reads the CSV that csv-format.ts writes (RFC 4180: fields quoted with ", quotes doubled).
 * The report only reads back its own files, so a small parser beats another dependency.
 * Returns null when a quote is left open, i.e. the text is not such a CSV.
 */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
    i++;
  }
  if (quoted) return null;
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
