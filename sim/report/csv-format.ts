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

/** CSV text for rows of cells, with \n line endings; the header row is the first row. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return stringify(rows.map((row) => row.map(formatCell)), { eof: true, record_delimiter: 'unix' });
}
