/**
 * A table of rows stored by column for the page: a text column as a dictionary and a code per
 * row, a number column as the numbers. The distribution dataset of a 9-point, 10-seed sweep is
 * about 640 KB as JSON objects and under a third of that by column; page-script.ts turns it
 * back into the row objects vega reads.
 */
export interface ColumnTable {
  length: number;
  columns: Record<string, (number | null)[] | { values: string[]; codes: number[] }>;
}

/** Latencies are kept to 0.1 µs, as cdf.csv keeps them: a band's median of two seeds otherwise prints 17 digits. */
const latencyFields = new Set(['latency_ms', 'lo', 'hi']);

export function toColumns(rows: readonly object[]): ColumnTable {
  const fields = rows.length === 0 ? [] : Object.keys(rows[0]!);
  const columns: ColumnTable['columns'] = {};
  for (const field of fields) {
    const cells = rows.map((row) => (row as Record<string, unknown>)[field]);
    if (cells.every((c) => typeof c === 'string')) {
      const values = [...new Set(cells as string[])];
      const index = new Map(values.map((v, i) => [v, i]));
      columns[field] = { values, codes: (cells as string[]).map((c) => index.get(c)!) };
    } else if (cells.every((c) => typeof c === 'number' || c === null)) {
      const round = latencyFields.has(field);
      // JSON has no Infinity or NaN; such a cell is null, which the plots' isValid filters drop.
      columns[field] = (cells as (number | null)[]).map((c) => (c === null || !Number.isFinite(c) ? null : round ? Math.round(c * 1e4) / 1e4 : c));
    } else {
      throw new Error(`column ${field} mixes text and numbers`);
    }
  }
  return { length: rows.length, columns };
}
