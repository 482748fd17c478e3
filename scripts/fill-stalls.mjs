#!/usr/bin/env node
// When, within a shuffle into a host, its requests stall, in both worlds: the queries into a host
// receiving one shuffle while it sends none (a paced port, sim/cluster/switch-ports.ts), counted
// (a) by how many queries that host had been sent since it began receiving (the episode: shuffles
// into it without a break), and (b) by the time since the episode's first stalled query. A paced
// port keeps the queries' bytes, so it reaches its limit at a request index set by its buffer
// (270 KB, 31 KB requests: the 9th); (a) shows where the stalls fall around that, (b) whether the
// port calms down after its first overflow. docs/validation.md ("Round 16") reads it.
// The emulated side comes from `emulate` (or `validate`) results folders (timeline.csv,
// shuffles.csv; one run per seed); the simulated side from simulating the same scenario and sweep
// points at the same seeds, or at --sim-seeds N others. In place of the folders, a table this
// script printed before (a .tsv file) gives the emulated side again. Run after a build.
//   node scripts/fill-stalls.mjs <scenario> <strategy> <emulated results folder>…|<earlier table.tsv> [--sim-seeds N]
import { legObjects, readEmulatedRuns, runOutcomes, shuffleEpisode } from './lib/emulated-runs.mjs';
import { readStallTable } from './lib/stall-table.mjs';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { measuredSorted } from '../dist/sim/metrics/percentiles.js';
import { stallThreshold } from '../dist/sim/metrics/stalls.js';
import { simulate } from '../dist/sim/strategies/simulate.js';

/** Lower bounds of the buckets: request index in the episode, and ms since its first stall. */
const INDEX = [0, 2, 4, 6, 8, 10, 12, 16, 24];
const SINCE = [0, 200, 300, 400, 600, 800, 1200];
const BEFORE = 'before its first stall';
const bucketNames = [...INDEX.map((b, i) => `index ${b}${INDEX[i + 1] ? `-${INDEX[i + 1] - 1}` : '+'}`), BEFORE, ...SINCE.map((b, i) => `${b}${SINCE[i + 1] ? `-${SINCE[i + 1]}` : '+'} ms after it`)];

const args = process.argv.slice(2);
const simSeedCount = args.includes('--sim-seeds') ? Number(args.splice(args.indexOf('--sim-seeds'), 2)[1]) : 0;
const [scenarioFile, strategyLabel, ...sources] = args;
if (!scenarioFile || !strategyLabel || sources.length === 0) {
  console.error('usage: node scripts/fill-stalls.mjs <scenario> <strategy> <emulated results folder>…|<table.tsv> [--sim-seeds N]');
  process.exit(2);
}

const bucketOf = (bounds, x) => {
  let b = 0;
  while (b + 1 < bounds.length && x >= bounds[b + 1]) b++;
  return b;
};
const newTally = () => bucketNames.map(() => ({ queries: 0, stalled: 0 }));

/** Adds one run's measured queries (arrival, latency, host; shuffle legs as Outcomes.shuffleLegs) to a tally. */
function tallyRun(run, tally) {
  const threshold = stallThreshold(measuredSorted(run.latency, run.warmup));
  const legs = legObjects(run.shuffleLegs);
  const sentSoFar = new Map();
  const firstStall = new Map();
  for (let q = 0; q < run.count; q++) {
    const t = run.arrival[q], h = run.host[q];
    if (h < 0) continue;
    const { into, out, start } = shuffleEpisode(legs, h, t);
    if (into.length === 0) continue;
    const episode = `${h}@${start}`;
    const index = sentSoFar.get(episode) ?? 0;
    sentSoFar.set(episode, index + 1);
    const stalled = run.latency[q] > threshold;
    const since = firstStall.has(episode) ? t - firstStall.get(episode) : -1;
    if (stalled && !firstStall.has(episode)) firstStall.set(episode, t);
    if (q < run.warmup || into.length !== 1 || out.length > 0) continue;
    for (const b of [bucketOf(INDEX, index), since < 0 ? INDEX.length : INDEX.length + 1 + bucketOf(SINCE, since)]) {
      tally[b].queries++;
      if (stalled) tally[b].stalled++;
    }
  }
}

// The emulated side, per sweep point: from results folders, or from an earlier table.
const emulated = new Map();
const seeds = new Set();
const tallyFor = (sweep) => emulated.get(sweep) ?? emulated.set(sweep, newTally()).get(sweep);
for (const source of sources) {
  if (source.endsWith('.tsv')) {
    const table = readStallTable(source, bucketNames);
    for (const seed of table.seeds) seeds.add(seed);
    for (const { strategy, sweep, situation: bucket, stalled, queries } of table.rows) {
      if (strategy !== strategyLabel) continue;
      const cell = tallyFor(sweep)[bucketNames.indexOf(bucket)];
      cell.stalled += stalled;
      cell.queries += queries;
    }
    continue;
  }
  for (const run of readEmulatedRuns(source).values()) {
    if (run.strategy !== strategyLabel) continue;
    seeds.add(run.seed);
    tallyRun(runOutcomes(run), tallyFor(run.sweep));
  }
}

// The simulated side: the same sweep points, at the emulated seeds or at --sim-seeds others.
const simSeeds = simSeedCount > 0 ? Array.from({ length: simSeedCount }, (_, i) => Math.max(...seeds) + 1 + i) : [...seeds].sort((a, b) => a - b);
const points = new Map(expandScenario(loadScenario(scenarioFile)).map((p) => [sweepLabel(p.point), p.scenario]));
const cell = (c) => `${c.stalled}/${c.queries} (${c.queries ? `${((100 * c.stalled) / c.queries).toFixed(2)}%` : '-'})`;
console.log(`emulated seeds ${[...seeds].sort((a, b) => a - b).join(', ')}; simulated seeds ${simSeeds.join(', ')}`);
console.log('strategy\tsweep\tqueries into a host receiving one shuffle, sending none\temulated: stalled/queries\tsimulated');
for (const [sweep, tally] of emulated) {
  const scenario = points.get(sweep);
  const strategy = scenario?.strategies.find((s) => s.label === strategyLabel);
  const simulated = newTally();
  if (strategy) for (const seed of simSeeds) tallyRun(simulate(scenario.world, strategy, seed, { recordTimeline: true }), simulated);
  bucketNames.forEach((name, b) => console.log(`${strategyLabel}\t${sweep}\t${name}\t${cell(tally[b])}\t${strategy ? cell(simulated[b]) : '-'}`));
}
