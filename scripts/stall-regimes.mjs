#!/usr/bin/env node
// Stalls by where the answering host stood with the shuffles, in both worlds, for emulated runs
// already made: `parm-sim validate` prints the same table for the runs it makes. For each
// strategy and sweep point, the measured queries answered by a host, grouped by the shuffles
// that host was in when the query arrived (sim/metrics/stall-situations.ts: none in; one in while
// it sent none; one in while it sent one too; two or more in), and how many stalled (slower than
// their run's median by more than 150 ms, as `stalled` in summary.json). The emulated side comes
// from `emulate` (or `validate`) results folders (timeline.csv, shuffles.csv; several are pooled,
// one run per seed); the simulated side from simulating the same scenario at the same seeds and
// sweep points, and at --sim-seeds more seeds if asked. docs/validation.md ("Round 13") reads it.
// In place of the folders, a table this script printed before (a .tsv file) gives the emulated
// side again, so that a changed model is checked against runs whose folders are gone.
// Run after a build.
//   node scripts/stall-regimes.mjs <scenario> <emulated results folder>…|<earlier table.tsv> [--sim-seeds N]
import { readStallTable } from './lib/stall-table.mjs';
import { readEmulatedRuns, runOutcomes } from './lib/emulated-runs.mjs';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { HOST_SITUATIONS, stallsBySituation } from '../dist/sim/metrics/stall-situations.js';
import { simulate } from '../dist/sim/strategies/simulate.js';

const args = process.argv.slice(2);
const extraSeeds = args.includes('--sim-seeds') ? Number(args.splice(args.indexOf('--sim-seeds'), 2)[1]) : 0;
const [scenarioFile, ...folders] = args;
if (!scenarioFile || folders.length === 0) {
  console.error('usage: node scripts/stall-regimes.mjs <scenario> <emulated results folder>… [--sim-seeds N]');
  process.exit(2);
}

const newTally = () => HOST_SITUATIONS.map(() => ({ queries: 0, stalled: 0 }));
const add = (tally, counts) => counts?.forEach((c, i) => { tally[i].queries += c.queries; tally[i].stalled += c.stalled; });

// The emulated runs, rebuilt as the outcomes stallsBySituation reads: timeline.csv holds the
// measured queries (so no warm-up), shuffles.csv the legs (no end: still running at the end).
const runs = new Map();
for (const folder of folders.filter((f) => !f.endsWith('.tsv'))) {
  for (const [key, run] of readEmulatedRuns(folder)) {
    if (runs.has(key)) throw new Error(`${key.replaceAll('\t', ' ')} is in both ${runs.get(key).folder} and ${folder}: one run per seed, please`);
    runs.set(key, { ...run, folder });
  }
}
const emulated = new Map();
const seeds = new Set();
// An earlier table: its first line names the emulated seeds, then a header, then a line per point and situation.
for (const table of folders.filter((f) => f.endsWith('.tsv'))) {
  const { seeds: tableSeeds, rows } = readStallTable(table);
  for (const seed of tableSeeds) seeds.add(seed);
  for (const { strategy, sweep, situation, stalled, queries } of rows) {
    const point = `${strategy}\t${sweep}`;
    if (!emulated.has(point)) emulated.set(point, newTally());
    const cell = emulated.get(point)[HOST_SITUATIONS.indexOf(situation)];
    cell.stalled += stalled;
    cell.queries += queries;
  }
}
for (const run of runs.values()) {
  seeds.add(run.seed);
  const point = `${run.strategy}\t${run.sweep}`;
  if (!emulated.has(point)) emulated.set(point, newTally());
  add(emulated.get(point), stallsBySituation(runOutcomes(run)));
}

// The same scenario simulated at the same seeds and sweep points, and at --sim-seeds more seeds.
const simSeeds = [...seeds].sort((a, b) => a - b);
for (let s = Math.max(...simSeeds) + 1; simSeeds.length < seeds.size + extraSeeds; s++) simSeeds.push(s);
const points = new Map(expandScenario(loadScenario(scenarioFile)).map((p) => [sweepLabel(p.point), p.scenario]));
const simulated = new Map();
for (const point of emulated.keys()) {
  const [label, sweep] = point.split('\t');
  const scenario = points.get(sweep);
  const strategy = scenario?.strategies.find((s) => s.label === label);
  if (!strategy) continue;
  const tally = newTally();
  for (const seed of simSeeds) add(tally, stallsBySituation(simulate(scenario.world, strategy, seed, { recordTimeline: true })));
  simulated.set(point, tally);
}

const cell = (t) => `${t.stalled}/${t.queries} (${t.queries ? `${((100 * t.stalled) / t.queries).toFixed(2)}%` : '-'})`;
console.log(`emulated seeds ${[...seeds].join(', ')}; simulated seeds ${simSeeds.join(', ')}`);
console.log('strategy\tsweep\tanswering host at arrival\temulated: stalled/queries\tsimulated');
for (const [point, tally] of emulated) {
  const sim = simulated.get(point);
  HOST_SITUATIONS.forEach((situation, i) => console.log(`${point}\t${situation}\t${cell(tally[i])}\t${sim ? cell(sim[i]) : '-'}`));
  const total = (t) => t.reduce((a, c) => ({ stalled: a.stalled + c.stalled, queries: a.queries + c.queries }), { stalled: 0, queries: 0 });
  console.log(`${point}\tany (all answered by a host)\t${cell(total(tally))}\t${sim ? cell(total(sim)) : '-'}`);
}
