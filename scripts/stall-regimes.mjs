#!/usr/bin/env node
// Stalls by what the receiving host was in, in both worlds: for each strategy, the measured
// queries answered by a host, grouped by the shuffles that host was in when the query arrived
// (none in; one in while the host sent none; one in while it sent one too; two or more in), and
// how many of each group stalled (slower than their run's median by more than 150 ms, as
// `stalled` in summary.json) or met a second, backed-off timeout (by more than 450 ms, as
// scripts/timeouts.mjs counts). The emulated side comes from `emulate` (or `validate`) results
// folders (timeline.csv, shuffles.csv; several are pooled); the simulated side from simulating the same
// scenario at the same seeds (and sweep points), and at --sim-seeds more after them if asked. The network model's
// regimes (sim/cluster/switch-ports.ts) are these groups: docs/validation.md compares them.
// Run after a build.
//   node scripts/stall-regimes.mjs <scenario> <emulated results folder>… [--sim-seeds N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../dist/sim/csv.js';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { STALL_MS } from '../dist/sim/metrics/stalls.js';

const SECOND_TIMEOUT_MS = 450;
const GROUPS = ['no shuffle in', '1 in, host sends none', '1 in, host sends one', '2 or more in'];

const args = process.argv.slice(2);
const extraSeeds = args.includes('--sim-seeds') ? Number(args.splice(args.indexOf('--sim-seeds'), 2)[1]) : 0;
const [scenarioFile, ...folders] = args;
if (!scenarioFile || folders.length === 0) {
  console.error('usage: node scripts/stall-regimes.mjs <scenario> <emulated results folder>… [--sim-seeds N]');
  process.exit(2);
}

/** Rows of a CSV file as objects keyed by its header. */
function readRows(file) {
  const [header, ...records] = parseCsvRecords(readFileSync(file, 'utf8')).map((r) => r.cells);
  return records.filter((cells) => cells.length === header.length).map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

/** The group of host h at time t, given its run's legs as [from, to, start, end]. */
function groupOf(legs, h, t) {
  let into = 0, out = 0;
  for (const [from, to, start, end] of legs) {
    if (t < start || t >= end) continue;
    if (to === h) into++;
    if (from === h) out++;
  }
  return into === 0 ? 0 : into >= 2 ? 3 : out === 0 ? 1 : 2;
}

/** Adds one run's queries ([arrival, latency, host]) to `tally` (per group: queries, stalled, second). */
function tallyRun(tally, queries, legs) {
  const sorted = Float64Array.from(queries, (q) => q[1]).sort();
  const median = sorted[Math.ceil(0.5 * sorted.length) - 1];
  for (const [arrival, latency, host] of queries) {
    if (host < 0) continue;
    const g = tally[groupOf(legs, host, arrival)];
    g.queries++;
    if (latency > median + STALL_MS) g.stalled++;
    if (latency > median + SECOND_TIMEOUT_MS) g.second++;
  }
}

const newTally = () => GROUPS.map(() => ({ queries: 0, stalled: 0, second: 0 }));
const runKey = (strategy, seed, sweep) => `${strategy}\t${seed}\t${sweep}`;

// The emulated runs, per strategy and sweep point.
const emulated = new Map();
const legsOf = new Map();
for (const row of folders.flatMap((folder) => readRows(join(folder, 'shuffles.csv')))) {
  const key = runKey(row.strategy, row.seed, row.sweep);
  if (!legsOf.has(key)) legsOf.set(key, []);
  legsOf.get(key).push([Number(row.from_host), Number(row.to_host), Number(row.start_ms), row.end_ms === '' ? Infinity : Number(row.end_ms)]);
}
const queriesOf = new Map();
const folderOf = new Map();
for (const folder of folders) for (const row of readRows(join(folder, 'timeline.csv'))) {
  const key = runKey(row.strategy, row.seed, row.sweep);
  if ((folderOf.get(key) ?? folder) !== folder) throw new Error(`${key.replaceAll('\t', ' ')} is in both ${folderOf.get(key)} and ${folder}: one run per seed, please`);
  folderOf.set(key, folder);
  if (!queriesOf.has(key)) queriesOf.set(key, []);
  const arrival = Number(row.arrival_ms), answer = row.answer_ms === '' ? Infinity : Number(row.answer_ms);
  queriesOf.get(key).push([arrival, answer - arrival, row.host === '' ? -1 : Number(row.host)]);
}
const seeds = new Set();
for (const [key, queries] of queriesOf) {
  const [strategy, seed, sweep] = key.split('\t');
  seeds.add(Number(seed));
  const run = `${strategy}\t${sweep}`;
  if (!emulated.has(run)) emulated.set(run, newTally());
  tallyRun(emulated.get(run), queries, legsOf.get(key) ?? []);
}

// The same scenario simulated at the same seeds and sweep points, and at --sim-seeds more seeds.
const simSeeds = [...seeds].sort((a, b) => a - b);
for (let s = Math.max(...simSeeds) + 1; simSeeds.length < seeds.size + extraSeeds; s++) simSeeds.push(s);
const points = new Map(expandScenario(loadScenario(scenarioFile)).map((p) => [sweepLabel(p.point), p.scenario]));
const simulated = new Map();
for (const run of emulated.keys()) {
  const [label, sweep] = run.split('\t');
  const scenario = points.get(sweep);
  const strategy = scenario?.strategies.find((s) => s.label === label);
  if (!strategy) continue;
  const tally = newTally();
  for (const seed of simSeeds) {
    const o = simulate(scenario.world, strategy, seed, { recordTimeline: true });
    const legs = [];
    for (let i = 0; i < o.shuffleLegs.length; i += 5) legs.push([o.shuffleLegs[i + 1], o.shuffleLegs[i + 2], o.shuffleLegs[i + 3], Number.isNaN(o.shuffleLegs[i + 4]) ? Infinity : o.shuffleLegs[i + 4]]);
    const queries = [];
    for (let q = o.warmup; q < o.count; q++) queries.push([o.arrival[q], o.latency[q], o.host[q]]);
    tallyRun(tally, queries, legs);
  }
  simulated.set(run, tally);
}

const rate = ({ queries, stalled }) => (queries ? `${((100 * stalled) / queries).toFixed(2)}%` : '-');
const cell = (t) => `${t.stalled}/${t.queries} (${rate(t)}), ${t.second} second`;
console.log(`emulated seeds ${[...seeds].join(', ')}; simulated seeds ${simSeeds.join(', ')}`);
console.log('strategy\tsweep\thost was in\temulated: stalled/queries, second timeouts\tsimulated');
for (const [run, tally] of emulated) {
  const sim = simulated.get(run);
  GROUPS.forEach((group, g) => console.log(`${run}\t${group}\t${cell(tally[g])}\t${sim ? cell(sim[g]) : '-'}`));
}
