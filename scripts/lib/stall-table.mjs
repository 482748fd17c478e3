// Reads a table scripts/stall-regimes.mjs printed: its first line names the emulated seeds, then
// a header, then a line per strategy, sweep point and situation with the emulated side as
// "stalled/queries (share)". What scripts/fit-network.mjs fits against and what stall-regimes.mjs
// rereads when the emulated runs' folders are gone.
import { readFileSync } from 'node:fs';
import { HOST_SITUATIONS } from '../../dist/sim/metrics/stall-situations.js';

/**
 * { seeds, rows: [{ strategy, sweep, situation, stalled, queries }] }: the emulated column of the
 * lines whose third column is one of `labels` (summary lines left out). scripts/fill-stalls.mjs
 * prints tables of the same layout, its buckets in that column.
 */
export function readStallTable(file, labels = HOST_SITUATIONS) {
  const [first, , ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const seeds = /^emulated seeds ([\d, ]+);/.exec(first)[1].split(', ').map(Number);
  const rows = [];
  for (const line of lines) {
    const [strategy, sweep, situation, counts] = line.split('\t');
    if (!labels.includes(situation)) continue;
    const [stalled, queries] = counts.split(' ')[0].split('/').map(Number);
    rows.push({ strategy, sweep, situation, stalled, queries });
  }
  return { seeds, rows };
}
