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
 * Parses cdf.csv. Returns the points, or a description of the first problem (row numbers count
 * the header as row 1, as a spreadsheet shows them) for the caller to turn into an InputError.
 */
export function parseCdfCsv(text: string): { points: CdfPoint[] } | { problem: string; expected: string; found: string } {
  const rows = parseCsv(text);
  if (rows === null) return { problem: '', expected: 'CSV text', found: 'an unterminated quoted field' };
  const header = rows[0];
  if (header === undefined || header.join(',') !== cdfHeader.join(',')) {
    return { problem: 'header', expected: cdfHeader.join(','), found: header === undefined ? 'an empty file' : JSON.stringify(header.join(',')) };
  }
  const points: CdfPoint[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const [strategy, seed, sweep, quantile, latency] = row;
    const numbers = [Number(seed), Number(quantile), Number(latency)];
    if (row.length !== cdfHeader.length || strategy === undefined || sweep === undefined
      || numbers.some((x) => !Number.isFinite(x)) || seed === '' || quantile === '' || latency === '') {
      return { problem: `row ${r + 1}`, expected: `${cdfHeader.length} fields with numeric seed, quantile, latency_ms`, found: JSON.stringify(row.join(',')) };
    }
    points.push({ strategy, seed: numbers[0]!, sweep, quantile: numbers[1]!, latency_ms: numbers[2]! });
  }
  return { points };
}
