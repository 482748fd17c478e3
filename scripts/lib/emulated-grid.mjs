// Every emulated run of the loss grid kept in docs/validation/, pooled per row (buffer × shuffles):
// loss-grid-emulated*.json for the stalled shares, loss-grid-timeouts-emulated*.tsv (the runs
// that kept per-query times, counted by scripts/timeouts.mjs) for the second timeouts. What
// scripts/fit-network.mjs fits against and scripts/grid-table.mjs tabulates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepLabel } from '../../dist/sim/metrics/sweep-label.js';

const VALIDATION = 'docs/validation';

/** A row's key: its sweep point as the results name it (the `sweep` column of a queries.csv or timeline.csv). */
export const rowKey = sweepLabel;

/**
 * rowKey → { sweep, runs, queries, stalled, timed, timedStalled, second }: the row's runs, their
 * measured queries and stalled ones, and over the runs with per-query times their queries, stalled
 * ones and those that met a second timeout.
 */
export function emulatedGrid() {
  const rows = new Map();
  for (const file of readdirSync(VALIDATION).filter((f) => /^loss-grid-emulated.*\.json$/.test(f)).sort()) {
    for (const run of JSON.parse(readFileSync(join(VALIDATION, file), 'utf8')).runs) {
      const key = rowKey(run.sweep);
      const row = rows.get(key) ?? { sweep: run.sweep, runs: [], queries: 0, stalled: 0, timed: 0, timedStalled: 0, second: 0 };
      row.runs.push(run);
      row.queries += run.queries;
      row.stalled += Math.round(run.emulation.stalled * run.queries);
      rows.set(key, row);
    }
  }
  for (const file of readdirSync(VALIDATION).filter((f) => /^loss-grid-timeouts-emulated.*\.tsv$/.test(f)).sort()) {
    for (const line of readFileSync(join(VALIDATION, file), 'utf8').trim().split('\n').slice(1)) {
      const [, sweep, n, stalled, second] = line.split('\t');
      const row = rows.get(sweep);
      if (!row) continue;
      row.timed += Number(n);
      row.timedStalled += Number(stalled);
      row.second += Number(second);
    }
  }
  return rows;
}
