import { InputError } from '../errors.js';
import type { CdfPoint } from '../metrics/types.js';
import { csvTextOf } from './csv-format.js';
import { forEachCsvRecord } from '../csv.js';

export const cdfHeader = ['strategy', 'seed', 'sweep', 'quantile', 'latency_ms'] as const;

/** cdf.csv: the plotted points of every run's latency distribution, so plots can be redrawn later. */
export function cdfCsv(points: readonly CdfPoint[]): string {
  return csvTextOf(points.length + 1, (i) => {
    if (i === 0) return cdfHeader;
    const p = points[i - 1]!;
    return [p.strategy, p.seed, p.sweep, p.quantile, roundLatency(p.latency_ms)];
  });
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
  // Record by record (a large sweep's cdf.csv has millions), after the one check that needs the
  // whole text: an open quote anywhere is the first problem reported.
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  if (quotes % 2 === 1) throw new InputError(file, '', 'CSV text', 'an unterminated quoted field');
  const points: CdfPoint[] = [];
  let r = 0;
  forEachCsvRecord(text, (row) => {
    if (r++ === 0) {
      if (row.join(',') !== cdfHeader.join(',')) throw new InputError(file, 'header', cdfHeader.join(','), JSON.stringify(row.join(',')));
      return;
    }
    const [strategy, seed, sweep, quantile, latency] = row;
    const numbers = [Number(seed), Number(quantile), Number(latency)];
    if (row.length !== cdfHeader.length || strategy === undefined || sweep === undefined
      || numbers.some((x) => !Number.isFinite(x)) || seed === '' || quantile === '' || latency === '') {
      throw new InputError(file, `row ${r}`, `${cdfHeader.length} fields with numeric seed, quantile, latency_ms`, JSON.stringify(row.join(',')));
    }
    points.push({ strategy, seed: numbers[0]!, sweep, quantile: numbers[1]!, latency_ms: numbers[2]! });
  });
  if (r === 0) throw new InputError(file, 'header', cdfHeader.join(','), 'an empty file');
  return points;
}
