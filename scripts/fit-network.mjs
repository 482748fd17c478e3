#!/usr/bin/env node
// The network model's calibration, as a command: for each candidate `network.tcp.hold` (how long
// after an overflow a switch port's shuffle cuts its window), simulates the loss grid's shallow rows (switch ports of 5, 15 and 30 jumbo frames × 1, 2 and 4
// shuffles) and scores them against the emulated cluster by χ²: for each row, the stalled share
// and the share that met a second, backed-off timeout, each as (simulated − emulated)² over the
// emulated share's binomial variance. What docs/validation.md reports its fits with. Run after a build.
//   node scripts/fit-network.mjs [--hold 20ms,25ms,30ms] [--seeds 30] [--queries 5000] [--by situations]
// (30 seeds: at 10, round 8's, neighbouring candidates' χ² differ by the simulation's own noise.)
// Emulated: every emulated run of those rows kept in docs/validation/ (scripts/lib/emulated-grid.mjs),
// stalled shares pooled over all of them, second timeouts over those with per-query times. Prints
// one line per candidate, then the rows of the best.
// Beside it, `situations`: the same χ² over the stalled share of each row split by where the
// answering host stood with the shuffles (sim/metrics/stall-situations.ts), against the emulated
// runs that recorded their shuffles (docs/validation/stall-regimes-grid-round13.tsv, from
// scripts/stall-regimes.mjs): whether a candidate is right regime by regime, not only in sum
// (docs/validation.md, "Round 13"). `--by situations` picks the best by it; by default the
// aggregate does.
import { readStallTable } from './lib/stall-table.mjs';
import { emulatedGrid } from './lib/emulated-grid.mjs';
import { measuredSorted } from '../dist/sim/metrics/percentiles.js';
import { addTimeoutCounts } from '../dist/sim/metrics/stalls.js';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { stallsBySituation } from '../dist/sim/metrics/stall-situations.js';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { TCP_DEFAULTS } from '../dist/sim/cluster/config.js';

const BUFFERS = ['45KB', '135KB', '270KB'];
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const holds = arg('hold', `${TCP_DEFAULTS.hold}ms`).split(',');
const by = arg('by', 'aggregate');
if (!['aggregate', 'situations'].includes(by)) throw new Error(`--by: aggregate or situations, not ${by}`);
const seeds = arg('seeds', '30');
const queries = arg('queries', '5000');

// The emulated rows of the shallow columns.
const emulated = new Map([...emulatedGrid()].filter(([, row]) => BUFFERS.includes(row.sweep['network.buffer'])));

// The emulated rows split by situation: "stalled/queries" in the emulated column of each line.
const SITUATIONS_FILE = 'docs/validation/stall-regimes-grid-round13.tsv';
const emulatedSituations = new Map();
for (const { strategy, sweep, situation, stalled, queries } of readStallTable(SITUATIONS_FILE).rows) {
  if (strategy !== 'none' || !BUFFERS.some((b) => sweep.includes(`network.buffer=${b}`)) || queries === 0) continue;
  emulatedSituations.set(`${sweep}\t${situation}`, { stalled, queries });
}

/**
 * One candidate's grid, simulated in this process (the shallow points, seeds 1…N, as `parm-sim sweep
 * --seeds N` runs them): per point, its queries, stalled and second-timeout counts pooled over
 * seeds (as scripts/timeouts.mjs counts them), and per point and situation, queries and stalls.
 */
function simulateGrid(hold) {
  const points = new Map(), situations = new Map();
  const scenario = loadScenario('scenarios/testbed/loss-grid.yaml', { set: [`network.tcp.hold=${hold}`], queries: Number(queries) });
  for (const point of expandScenario(scenario)) {
    const sweep = sweepLabel(point.point);
    if (!BUFFERS.some((b) => sweep.includes(`network.buffer=${b}`))) continue;
    const sum = { queries: 0, stalled: 0, second: 0 };
    for (let seed = point.seed; seed < point.seed + Number(seeds); seed++) {
      const o = simulate(point.scenario.world, point.scenario.strategies[0], seed, { recordTimeline: true });
      addTimeoutCounts(measuredSorted(o.latency, o.warmup), sum);
      for (const c of stallsBySituation(o) ?? []) {
        const key = `${sweep}\t${c.situation}`;
        const cell = situations.get(key) ?? { stalled: 0, queries: 0 };
        cell.stalled += c.stalled;
        cell.queries += c.queries;
        situations.set(key, cell);
      }
    }
    points.set(sweep, sum);
  }
  return { points, situations };
}

/** (simulated − emulated)² over the emulated share's binomial variance (at least half a count's). */
const term = (simulated, count, n) => {
  const p = Math.max(count, 0.5) / n;
  return (simulated - count / n) ** 2 / (p * (1 - p) / n);
};

const fits = [];
for (const hold of holds) {
  const simulated = simulateGrid(hold);
  let chi2 = 0;
  const rows = [];
  for (const [key, e] of emulated) {
    const s = simulated.points.get(key);
    if (!s) throw new Error(`no simulated row ${key}`);
    chi2 += term(s.stalled / s.queries, e.stalled, e.queries) + term(s.second / s.queries, e.second, e.timed);
    rows.push(`${key}\tstalled ${(100 * s.stalled / s.queries).toFixed(2)}% / ${(100 * e.stalled / e.queries).toFixed(2)}%\tsecond timeouts per stall ${(s.second / Math.max(s.stalled, 1)).toFixed(3)} / ${(e.second / Math.max(e.timedStalled, 1)).toFixed(3)}`);
  }
  let situations = 0;
  const cells = [];
  for (const [key, e] of emulatedSituations) {
    const s = simulated.situations.get(key);
    if (!s?.queries) continue;
    const chi2 = term(s.stalled / s.queries, e.stalled, e.queries);
    situations += chi2;
    cells.push(`${key}\tstalled ${(100 * s.stalled / s.queries).toFixed(2)}% / ${(100 * e.stalled / e.queries).toFixed(2)}% (${e.stalled}/${e.queries})\tchi2 ${chi2.toFixed(1)}`);
  }
  fits.push({ hold, chi2, situations, rows, cells });
  console.log(`hold ${hold}\tchi2 ${chi2.toFixed(1)}\tsituations ${situations.toFixed(1)} (${emulatedSituations.size} cells)`);
}
const score = (fit) => (by === 'situations' ? fit.situations : fit.chi2);
const best = fits.reduce((a, b) => (score(b) < score(a) ? b : a));
console.log(`\nbest by ${by}: hold ${best.hold} (chi2 ${best.chi2.toFixed(1)}, situations ${best.situations.toFixed(1)}); simulated / emulated per row:`);
for (const row of best.rows) console.log(row);
console.log('\nand per situation:');
for (const cell of best.cells) console.log(cell);
