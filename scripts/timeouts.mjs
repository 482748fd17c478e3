#!/usr/bin/env node
// How many queries met one retransmission timeout and how many a second, backed-off one, per
// strategy and sweep point, pooled over seeds: the statistic the network model's `hold` is
// fitted on, with the stalled share (docs/validation.md, "The network model, and its calibration";
// scripts/fit-network.mjs counts the same way, in process: addTimeoutCounts). Run after a build.
//   node scripts/timeouts.mjs results/X/queries.csv        a run with --queries-csv
//   node scripts/timeouts.mjs results/X/timeline.csv       an emulated run
// A query stalled when slower than its run's median by more than STALL_MS, 150 ms (as `stalled`
// in summary.json); it met a second timeout when slower by more than 450 ms: a first timeout
// costs 200 ms + RTT and the backed-off second 400 ms more, so nothing else reaches that here.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseCsvRecords } from '../dist/sim/csv.js';
import { addTimeoutCounts } from '../dist/sim/metrics/stalls.js';

/** Per "strategy<TAB>sweep" of a queries.csv or timeline.csv text: { queries, stalled, second }, seeds pooled. */
export function countTimeouts(csvText) {
  // Line by line (no cell of these files spans lines): a grid's queries.csv of millions of rows
  // parsed at once would not fit in the heap.
  const cellsOf = (line) => parseCsvRecords(line)[0].cells;
  let end = csvText.indexOf('\n');
  const column = Object.fromEntries(cellsOf(csvText.slice(0, end)).map((name, i) => [name, i]));
  const runs = new Map();
  for (let start = end + 1; start < csvText.length; start = end + 1) {
    end = csvText.indexOf('\n', start);
    if (end < 0) end = csvText.length;
    if (end === start) continue;
    const c = cellsOf(csvText.slice(start, end));
    const latency = column.latency_ms !== undefined ? Number(c[column.latency_ms]) : Number(c[column.answer_ms]) - Number(c[column.arrival_ms]);
    const point = `${c[column.strategy]}\t${c[column.sweep]}`;
    if (!runs.has(point)) runs.set(point, new Map());
    const seeds = runs.get(point);
    if (!seeds.has(c[column.seed])) seeds.set(c[column.seed], []);
    seeds.get(c[column.seed]).push(latency);
  }
  const counts = new Map();
  for (const [point, seeds] of runs) {
    const sum = { queries: 0, stalled: 0, second: 0 };
    for (const latencies of seeds.values()) addTimeoutCounts(Float64Array.from(latencies).sort(), sum);
    counts.set(point, sum);
  }
  return counts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) { console.error('usage: node scripts/timeouts.mjs <queries.csv | timeline.csv>'); process.exit(2); }
  console.log('strategy\tsweep\tqueries\tstalled\tsecond_timeout\tsecond_per_stall');
  for (const [point, { queries, stalled, second }] of countTimeouts(readFileSync(file, 'utf8'))) {
    console.log(`${point}\t${queries}\t${stalled}\t${second}\t${stalled ? (second / stalled).toFixed(3) : '-'}`);
  }
}
