#!/usr/bin/env node
// Whether a testbed scenario's excess of stalled queries comes from the network (more
// retransmission timeouts than the kernel fired) or from queueing (each timeout stalling more
// queries, as a pool backs up behind stalls that overlap). For the seeds whose emulated runs kept
// the frontend's kernel counters (docs/validation/testbed-tcp-*.tsv) and whose stalled share a
// `parm-sim validate` file holds, per strategy, pooled over those seeds: stalled queries, timeouts
// and stalled queries per timeout in both worlds; then, over simulated seeds 1…N, how the stalled
// share and the stalled queries per timeout spread. docs/validation.md ("Round 17") reads it. Run
// after a build.
//   node scripts/stalls-per-timeout.mjs <scenario.yaml> [--sim-seeds 60]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { quantile } from 'simple-statistics';
import { readTestbedTcp } from './lib/testbed-tcp.mjs';
import { scenarioArgument, takeOption } from './lib/scenario-argument.mjs';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { measuredSorted } from '../dist/sim/metrics/percentiles.js';
import { stalledShare } from '../dist/sim/metrics/stalls.js';

const VALIDATION = 'docs/validation';
const args = process.argv.slice(2);
const simSeeds = Number(takeOption(args, '--sim-seeds', 60));
const { file: scenarioFile, scenario, name } = scenarioArgument(args, 'node scripts/stalls-per-timeout.mjs <scenario.yaml> [--sim-seeds N]');

/** "strategy\tseed" → the frontend's retransmission timeouts in that emulated run. */
const kernelTimeouts = new Map();
for (const file of readdirSync(VALIDATION).filter((f) => /^testbed-tcp-.*\.tsv$/.test(f))) {
  for (const run of readTestbedTcp(join(VALIDATION, file))) {
    if (basename(run.scenario) === basename(scenarioFile)) kernelTimeouts.set(`${run.strategy}\t${run.seed}`, run.tcp.timeouts);
  }
}

/** One simulated run's stalled queries, measured queries and the frontend's timeouts (each run simulated once, for both tables). */
const simulatedRuns = new Map();
function simulated(strategy, seed) {
  const key = `${strategy.label}\t${seed}`;
  if (!simulatedRuns.has(key)) {
    const outcomes = simulate(scenario.world, strategy, seed);
    const sorted = measuredSorted(outcomes.latency, outcomes.warmup);
    simulatedRuns.set(key, { stalled: Math.round(stalledShare(sorted) * sorted.length), queries: sorted.length, timeouts: outcomes.recoveries.frontend.timeouts });
  }
  return simulatedRuns.get(key);
}

const perTimeout = (stalled, timeouts) => (timeouts > 0 ? (stalled / timeouts).toFixed(2) : '-');
console.log(`${name}: stalled queries and the frontend's retransmission timeouts, pooled over the seeds with kernel counters and a validate file`);
console.log('strategy\tseeds\temulated: stalled / timeouts / stalled per timeout\tsimulated, same seeds');
for (const strategy of scenario.strategies) {
  const emulated = { stalled: 0, timeouts: 0 }, sim = { stalled: 0, timeouts: 0 };
  const seeds = [];
  // A validate file holds the mean stalled share of its seeds: it counts when all of them have counters.
  for (const file of readdirSync(VALIDATION).filter((f) => f.startsWith(name) && f.endsWith('.json')).sort()) {
    const { seeds: fileSeeds, rows } = JSON.parse(readFileSync(join(VALIDATION, file), 'utf8'));
    const row = Array.isArray(rows) ? rows.find((r) => r.metric === 'stalled' && (r.sweep ?? '') === '' && r.strategy === strategy.label) : undefined;
    if (!row || !Array.isArray(fileSeeds) || fileSeeds.some((s) => seeds.includes(s) || !kernelTimeouts.has(`${strategy.label}\t${s}`))) continue;
    for (const seed of fileSeeds) {
      const run = simulated(strategy, seed);
      emulated.stalled += row.emulated * run.queries;
      emulated.timeouts += kernelTimeouts.get(`${strategy.label}\t${seed}`);
      sim.stalled += run.stalled;
      sim.timeouts += run.timeouts;
      seeds.push(seed);
    }
  }
  if (seeds.length === 0) continue;
  const side = ({ stalled, timeouts }) => `${Math.round(stalled)} / ${timeouts} / ${perTimeout(stalled, timeouts)}`;
  console.log(`${strategy.label}\t${seeds.sort((a, b) => a - b).join(',')}\t${side(emulated)}\t${side(sim)}`);
}

console.log(`\nsimulated seeds 1–${simSeeds}: stalled share and stalled queries per timeout, median [90th percentile, largest]`);
console.log('strategy\tstalled share\tstalled per timeout\tseeds with more than 1.2 stalled per timeout (their share of all stalled queries)');
for (const strategy of scenario.strategies) {
  const runs = Array.from({ length: simSeeds }, (_, i) => simulated(strategy, i + 1));
  const shares = runs.map((r) => r.stalled / r.queries);
  const ratios = runs.filter((r) => r.timeouts > 0).map((r) => r.stalled / r.timeouts);
  const piled = runs.filter((r) => r.timeouts > 0 && r.stalled / r.timeouts > 1.2);
  const total = runs.reduce((s, r) => s + r.stalled, 0);
  const spread = (v, digits, scale = 1) => (v.length ? `${(scale * quantile(v, 0.5)).toFixed(digits)} [${(scale * quantile(v, 0.9)).toFixed(digits)}, ${(scale * Math.max(...v)).toFixed(digits)}]` : '-');
  const piledShare = total > 0 ? `${((100 * piled.reduce((s, r) => s + r.stalled, 0)) / total).toFixed(0)}%` : '-';
  console.log(`${strategy.label}\t${spread(shares, 2, 100)}%\t${spread(ratios, 2)}\t${piled.length} (${piledShare})`);
}
