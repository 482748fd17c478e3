#!/usr/bin/env node
// The stalled share of a testbed scenario's strategies over every emulated seed on record in
// docs/validation/ against many simulated seeds of the current model: whether the two worlds'
// distributions differ, seed to seed, by more than chance (a Mann–Whitney test). The emulated side
// does not depend on the model, so every run `parm-sim validate` wrote for the scenario counts:
// its files <scenario>*.json (one seed's value each, rebuilt from the mean and range a file of one,
// two or three seeds holds) and round 13's per-seed file. docs/validation.md ("Round 16") reads it.
// `--from-round N` keeps only the files named for round N or later (the emulator itself changed
// in the early rounds). `--metric p99` (or p50, p90, p999) sets the same record of a latency
// percentile instead (ms). Run after a build.
//   node scripts/stall-record.mjs <scenario.yaml> [--sim-seeds 60] [--from-round N] [--metric stalled|p50|p90|p99|p999]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, median } from 'simple-statistics';
import { mannWhitneyZ } from './lib/mann-whitney.mjs';
import { scenarioArgument, takeOption } from './lib/scenario-argument.mjs';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { measuredSorted, quantileSorted } from '../dist/sim/metrics/percentiles.js';
import { stalledShare } from '../dist/sim/metrics/stalls.js';

const VALIDATION = 'docs/validation';
const args = process.argv.slice(2);
const simSeeds = Number(takeOption(args, '--sim-seeds', 60));
const metric = takeOption(args, '--metric', 'stalled');
const QUANTILES = { p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 };
if (metric !== 'stalled' && !(metric in QUANTILES)) {
  console.error(`--metric: stalled, ${Object.keys(QUANTILES).join(', ')}; not ${metric}`);
  process.exit(2);
}
const fromRound = Number(takeOption(args, '--from-round', 0));
const roundOf = (file) => Number(/round(\d+)/.exec(file)?.[1] ?? 0);
const { scenario, name } = scenarioArgument(args, 'node scripts/stall-record.mjs <scenario.yaml> [--sim-seeds N] [--from-round N] [--metric stalled|p50|p90|p99|p999]');

/** strategy → Map(seed → emulated stalled share). */
const emulated = new Map(scenario.strategies.map((s) => [s.label, new Map()]));
for (const file of readdirSync(VALIDATION).filter((f) => f.startsWith(name) && f.endsWith('.json') && roundOf(f) >= fromRound).sort()) {
  const { seeds, rows } = JSON.parse(readFileSync(join(VALIDATION, file), 'utf8'));
  if (!Array.isArray(seeds) || !Array.isArray(rows) || seeds.length > 3) continue;
  for (const row of rows) {
    if (row.metric !== metric || (row.sweep ?? '') !== '' || !emulated.has(row.strategy)) continue;
    const [low, high] = row.emulated_range ?? [row.emulated, row.emulated];
    // One seed: the value; two: the range's ends; three: the ends and what the mean leaves.
    const values = seeds.length === 1 ? [row.emulated] : seeds.length === 2 ? [low, high] : [low, 3 * row.emulated - low - high, high];
    // Only the distribution is used, so which seed had which value does not matter.
    const bySeed = emulated.get(row.strategy);
    if (seeds.some((s) => bySeed.has(s))) continue;
    seeds.forEach((s, i) => bySeed.set(s, values[i]));
  }
}
const round13 = fromRound <= 13 ? JSON.parse(readFileSync(join(VALIDATION, 'held-out-round13.json'), 'utf8')).scenarios[name] : undefined;
for (const run of round13?.runs ?? []) {
  const bySeed = emulated.get(run.strategy);
  // Round 13's file names its percentiles p50_ms, p99_ms, p999_ms.
  const value = run.emulated?.[metric === 'stalled' ? metric : `${metric}_ms`];
  if (bySeed && !bySeed.has(run.seed) && typeof value === 'number') bySeed.set(run.seed, value);
}

const show = metric === 'stalled' ? (x) => `${(100 * x).toFixed(2)}%` : (x) => `${x.toFixed(1)} ms`;
/** What a run's metric is: its stalled share, or a percentile of its measured latencies. */
const measure = (sorted) => (metric === 'stalled' ? stalledShare(sorted) : quantileSorted(sorted, QUANTILES[metric]));
/** The record's third column counts the seeds above this: 1% stalled, or twice the emulated median of a percentile. */
const threshold = (emu) => (metric === 'stalled' ? 0.01 : 2 * median(emu));

const label = metric === 'stalled' ? 'stalled share' : metric;
const aboveLabel = metric === 'stalled' ? 'above 1%' : 'above twice the emulated median';
console.log(`${name}: ${label} per seed, every emulated seed on record${fromRound ? ` from round ${fromRound}` : ''} against simulated seeds 1–${simSeeds}`);
console.log(`strategy\temulated seeds\temulated mean / median / ${aboveLabel}\tsimulated mean / median / ${aboveLabel}\tMann–Whitney z`);
for (const strategy of scenario.strategies) {
  const emu = [...emulated.get(strategy.label).values()];
  if (emu.length === 0) continue;
  const sim = [];
  for (let seed = 1; seed <= simSeeds; seed++) {
    const o = simulate(scenario.world, strategy, seed);
    sim.push(measure(measuredSorted(o.latency, o.warmup)));
  }
  const above = threshold(emu);
  const summary = (v) => `${show(mean(v))} / ${show(median(v))} / ${v.filter((x) => x > above).length} of ${v.length}`;
  console.log(`${strategy.label}\t${[...emulated.get(strategy.label).keys()].sort((p, q) => p - q).join(',')}\t${summary(emu)}\t${summary(sim)}\t${mannWhitneyZ(emu, sim).toFixed(1)}`);
}
