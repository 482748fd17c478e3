#!/usr/bin/env node
// The deep rows' calibration, as a command: for each candidate `network.tcp.slowStartExit` (the
// queueing delay at which the shuffles into a port they overload leave slow start), simulates the
// loss grid's 100- and 500-frame rows (900 KB and 4.5 MB switch ports × 1, 2 and 4 shuffles) and
// sets their latency percentiles beside the emulated cluster's: per row, the median over the
// emulated runs kept in docs/validation/ (scripts/lib/emulated-grid.mjs) and over the simulated
// seeds, and a Mann–Whitney z of the two sets of per-run values (with two emulated runs a row it
// cannot pass ±2.3). docs/validation.md ("Round 21") reads it. Run after a build.
//   node scripts/fit-deep.mjs [--exit 8ms,12ms,16ms] [--seeds 20]
import { median } from 'simple-statistics';
import { emulatedGrid } from './lib/emulated-grid.mjs';
import { mannWhitneyZ } from './lib/mann-whitney.mjs';
import { takeOption } from './lib/scenario-argument.mjs';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { measuredSorted, quantileSorted } from '../dist/sim/metrics/percentiles.js';
import { TCP_DEFAULTS } from '../dist/sim/cluster/config.js';

const args = process.argv.slice(2);
const exits = takeOption(args, '--exit', `${TCP_DEFAULTS.slowStartExit}ms`).split(',');
const seeds = Number(takeOption(args, '--seeds', 20));
const DEEP = ['900KB', '4500KB'];
const QUANTILES = { p90: 0.9, p99: 0.99, p999: 0.999 };
const emulated = emulatedGrid();

for (const exit of exits) {
  console.log(`slowStartExit ${exit}: per row, emulated / simulated median (z), ${seeds} simulated seeds`);
  const scenario = loadScenario('scenarios/testbed/loss-grid.yaml', { set: [`network.tcp.slowStartExit=${exit}`] });
  for (const point of expandScenario(scenario)) {
    const key = sweepLabel(point.point);
    const row = emulated.get(key);
    if (!row || !DEEP.some((b) => key.includes(`network.buffer=${b},`))) continue;
    const simulated = Object.fromEntries(Object.keys(QUANTILES).map((m) => [m, []]));
    for (let seed = point.seed; seed < point.seed + seeds; seed++) {
      const o = simulate(point.scenario.world, point.scenario.strategies[0], seed);
      const sorted = measuredSorted(o.latency, o.warmup);
      for (const [m, q] of Object.entries(QUANTILES)) simulated[m].push(quantileSorted(sorted, q));
    }
    const cells = Object.keys(QUANTILES).map((m) => {
      const real = row.runs.map((r) => r.latency_ms[m]);
      return `${m} ${median(real).toFixed(1)} / ${median(simulated[m]).toFixed(1)} ms (${mannWhitneyZ(real, simulated[m]).toFixed(1)})`;
    });
    console.log(`  ${key} (${row.runs.length} emulated runs)\t${cells.join('\t')}`);
  }
}
