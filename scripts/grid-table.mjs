#!/usr/bin/env node
// docs/validation.md's calibration-grid table, from a simulated run of the loss grid beside every
// emulated run of it kept in docs/validation/ (loss-grid-emulated*.json; the second timeouts from
// the loss-grid-timeouts-emulated*.tsv files, the runs that kept per-query times). Run after a build:
//   parm-sim run scenarios/testbed/loss-grid.yaml --seeds 10 --queries 20000 --queries-csv --out grid
//   node scripts/grid-table.mjs grid
// Per row: the stalled share simulated and emulated (emulated runs pooled) with the emulated
// share's 95% Wilson interval; second timeouts per stall; p50 and p99, simulated as the mean over
// seeds, emulated as the mean over runs with their range. Then how many simulated shares lie
// inside the emulated interval.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatedGrid, rowKey } from './lib/emulated-grid.mjs';
import { countTimeouts } from './timeouts.mjs';

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'summary.json'))) {
  console.error('usage: node scripts/grid-table.mjs <results folder of scenarios/testbed/loss-grid.yaml, run with --queries-csv>');
  process.exit(2);
}
const emulated = emulatedGrid();

const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
const simulated = new Map(summary.aggregate.filter((a) => a.strategy === 'none').map((a) => [rowKey(a.sweep), a]));
const csv = join(dir, 'queries.csv');
const timeouts = existsSync(csv) ? countTimeouts(readFileSync(csv, 'utf8')) : new Map();

/** The 95% Wilson score interval of k successes in n. */
function wilson(k, n) {
  const z = 1.96, p = k / n, d = 1 + z * z / n;
  const centre = (p + z * z / (2 * n)) / d, half = (z / d) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  // At k = 0 (or n) the bound is exactly 0 (or 1); computed, it can miss by a rounding error.
  return [k === 0 ? 0 : centre - half, k === n ? 1 : centre + half];
}
const pct = (x) => `${(100 * x).toFixed(2)}%`;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bytes = (size) => Number.parseFloat(size);

console.log('| buffer | shuffles | stalled, simulated | stalled, emulated | 95% interval of the emulated share | second timeouts per stall, sim / emu | p50 ms sim / emu | p99 ms sim / emu (emulated range) |');
console.log('|---|---|---|---|---|---|---|---|');
let inside = 0;
const rows = [...emulated.values()].sort((a, b) => bytes(a.sweep['network.buffer']) - bytes(b.sweep['network.buffer']) || a.sweep['stragglers.shuffles.flows'] - b.sweep['stragglers.shuffles.flows']);
for (const e of rows) {
  const key = rowKey(e.sweep);
  const s = simulated.get(key);
  if (!s) throw new Error(`${dir}: no simulated row ${key}`);
  const [lo, hi] = wilson(e.stalled, e.queries);
  const stalled = s.stalled.mean;
  if (stalled >= lo && stalled <= hi) inside++;
  const t = timeouts.get(`none\t${key}`);
  const secondSim = t && t.stalled ? (t.second / t.stalled).toFixed(3) : '-';
  const secondEmu = e.timedStalled ? `${(e.second / e.timedStalled).toFixed(3)} (${e.second} of ${e.timedStalled})` : '-';
  const p99s = e.runs.map((r) => r.latency_ms.p99);
  const frames = Math.round(bytes(e.sweep['network.buffer']) * 1000 / 9000);
  console.log(`| ${e.sweep['network.buffer']} (${frames} frames) | ${e.sweep['stragglers.shuffles.flows']} | ${pct(stalled)} | ${pct(e.stalled / e.queries)} (${e.runs.length} runs) | ${pct(lo)} … ${pct(hi)} | ${secondSim === '-' && secondEmu === '-' ? '-' : `${secondSim} / ${secondEmu}`} | ${s.latency_ms.p50.mean.toFixed(1)} / ${mean(e.runs.map((r) => r.latency_ms.p50)).toFixed(1)} | ${s.latency_ms.p99.mean.toFixed(1)} / ${mean(p99s).toFixed(1)} (${Math.min(...p99s).toFixed(0)} … ${Math.max(...p99s).toFixed(0)}) |`);
}
console.log(`\n${inside} of ${rows.length} simulated stall shares inside the emulated interval`);
