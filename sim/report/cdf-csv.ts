import { InputError } from '../errors.js';
import type { CdfPoint } from '../metrics/types.js';
import { csvText } from './csv-format.js';
import { parseCsv } from './csv-parse.js';

export const cdfHeader = ['strategy', 'seed', 'sweep', 'quantile', 'latency_ms'] as const;

/** cdf.csv: the plotted points of every run's latency distribution, so plots can be redrawn later. */
export function cdfCsv(points: readonly CdfPoint[]): string {
  return csvText([cdfHeader, ...points.map((p) => [p.strategy, p.seed, p.sweep, p.quantile, roundLatency(p.latency_ms)])]);
}

/** To 0.1 µs: far below anything a plot shows, and a third of the file's size saved. */
function roundLatency(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 1e4) / 1e4 : ms;
}

/**
 * Parses cdf.csv (`file` names it in the error): the points, or one InputError for the first
 * problem, its field a row number counting the header as row 1, as a spreadsheet shows them.
 */
export function parseCdfCsv(text: string, file: string): CdfPoint[] {
  const rows = parseCsv(text);
  if (rows === null) throw new InputError(file, '', 'CSV text', 'an unterminated quoted field');
  const header = rows[0];
  if (header === undefined || header.join(',') !== cdfHeader.join(',')) {
    throw new InputError(file, 'header', cdfHeader.join(','), header === undefined ? 'an empty file' : JSON.stringify(header.join(',')));
  }
  const points: CdfPoint[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const [strategy, seed, sweep, quantile, latency] = row;
    const numbers = [Number(seed), Number(quantile), Number(latency)];
    if (row.length !== cdfHeader.length || strategy === undefined || sweep === undefined
      || numbers.some((x) => !Number.isFinite(x)) || seed === '' || quantile === '' || latency === '') {
      throw new InputError(file, `row ${r + 1}`, `${cdfHeader.length} fields with numeric seed, quantile, latency_ms`, JSON.stringify(row.join(',')));
    }
    points.push({ strategy, seed: numbers[0]!, sweep, quantile: numbers[1]!, latency_ms: numbers[2]! });
  }
  return points;
}
