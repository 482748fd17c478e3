import { stringify } from 'csv-stringify/sync';

/** A CSV cell before formatting; null and non-finite numbers become empty cells. */
export type Cell = string | number | boolean | null | undefined;

/**
 * One spelling per value, chosen here rather than by csv-stringify's defaults (which write
 * booleans as 1 and ""), so every CSV the report writes formats numbers and missing values alike.
 */
export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

/** Rows formatted per chunk: enough to amortise csv-stringify, small enough to keep memory flat on millions of rows. */
export const CSV_CHUNK_ROWS = 8192;

/** CSV text for rows of cells, with \n line endings; the header row is the first row. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return csvTextOf(rows.length, (i) => rows[i]!);
}

/**
 * CSV text of `count` rows, row i made by `row(i)` when its chunk is written: a table of a
 * million rows (cdf.csv of a large sweep) never exists as cells all at once, where building
 * every row first took 600 MB for 48 MB of text. Each record ends in \n, so the chunks join into
 * the text csv-stringify gives for all the rows at once.
 */
export function csvTextOf(count: number, row: (i: number) => readonly Cell[]): string {
  const parts: string[] = [];
  for (let start = 0; start < count; start += CSV_CHUNK_ROWS) {
    const rows: string[][] = [];
    for (let i = start, end = Math.min(count, start + CSV_CHUNK_ROWS); i < end; i++) rows.push(row(i).map(formatCell));
    parts.push(stringify(rows, { eof: true, record_delimiter: 'unix' }));
  }
  return parts.join('');
}
