/**
 * CSV files a scenario points at (empirical distributions, arrival traces, service profiles),
 * read relative to the scenario file. Each file is read once per loaded scenario, however
 * many sweep points re-validate it.
 */
import { existsSync } from 'node:fs';
import { readInputText } from '../input-file.js';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { parseCsvRecords } from '../csv.js';
import { suggest } from './suggest.js';

export interface CsvTable {
  /** The path as messages show it (relative to where the scenario path was relative to). */
  shown: string;
  header: string[];
  /** Data rows with their 1-based line numbers in the file. */
  rows: { line: number; cells: string[] }[];
}

export class CsvReader {
  private readonly tables = new Map<string, CsvTable>();

  constructor(private readonly scenarioFile: string) {}

  /** Reads `relative` (as written at `field` in the scenario), or fails naming the field. */
  table(relative: string, field: string): CsvTable {
    const shown = join(dirname(this.scenarioFile), relative);
    const absolute = resolve(shown);
    const cached = this.tables.get(absolute);
    if (cached) return cached;
    if (!existsSync(absolute)) {
      throw new InputError(this.scenarioFile, field, 'a CSV file (path relative to the scenario file)', `"${relative}"`, `no file at ${shown}`);
    }
    const table = parseCsv(readInputText(absolute, 'a CSV file (path relative to the scenario file)', this.scenarioFile, field), shown);
    this.tables.set(absolute, table);
    return table;
  }

  /** The numbers in one column, in file order. */
  column(relative: string, column: string, at: { file: string; column: string }): { line: number; value: number }[] {
    const table = this.table(relative, at.file);
    const index = table.header.indexOf(column);
    if (index < 0) {
      const near = suggest(column, table.header);
      throw new InputError(this.scenarioFile, at.column, `a column of ${table.shown} (${table.header.join(', ')})`, `"${column}"`, near ? `did you mean \`${near}\`?` : undefined);
    }
    return table.rows.map(({ line, cells }) => {
      const cell = (cells[index] ?? '').trim();
      const value = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) this.badCell(relative, at.file, { line, column }, 'a number', JSON.stringify(cell));
      return { line, value };
    });
  }

  /** A cell that does not fit: the message names the CSV file and where the scenario refers to it. */
  badCell(relative: string, field: string, at: { line: number; column: string }, expected: string, found: string): never {
    const shown = this.table(relative, field).shown;
    throw new InputError(shown, `line ${at.line}, column ${at.column}`, expected, found, `read for ${field} in ${this.scenarioFile}`);
  }
}

/** Comma-separated with a header row; blank lines and lines starting with # are skipped; "quoted" cells may hold commas. */
export function parseCsv(text: string, shown: string): CsvTable {
  const records = parseCsvRecords(text);
  if (records === null) throw new InputError(shown, '', 'a CSV file', 'a quoted field that is never closed');
  const kept = records.filter(({ cells }) => !(cells.length === 1 && cells[0]!.trim() === '') && !cells[0]!.trimStart().startsWith('#'));
  const [first, ...rows] = kept;
  if (first === undefined) throw new InputError(shown, '', 'a CSV file with a header row', 'an empty file');
  return { shown, header: first.cells.map((c) => c.trim()), rows };
}
