import { parseCsvRecords } from '../csv.js';

/**
 * Reads the CSV that csv-format.ts writes, as rows of cells. Returns null when a quote is left
 * open, i.e. the text is not such a CSV.
 */
export function parseCsv(text: string): string[][] | null {
  return parseCsvRecords(text)?.map((record) => record.cells) ?? null;
}
