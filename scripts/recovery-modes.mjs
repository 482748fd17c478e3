#!/usr/bin/env node
// How TCP recovered the requests a full switch port dropped, in both worlds, per row of the loss
// grid's shallow columns: per 1,000 queries, the tail-loss probes the frontend sent, the
// retransmission timeouts that fired (every doubling counted) and the SACK recoveries it entered.
// The emulated side is every emulated run of those rows kept in docs/validation/ (the frontend's
// Linux counters, `emulation.tcp` in each run), pooled; the simulated side is the same rows at
// seeds 1…N (`Outcomes.recoveries`, counted the same way in sim/cluster/tcp-recovery.ts). The
// stalled share is fitted on; this says by which route the model gets there (docs/validation.md,
// "Round 14"). Run after a build.
//   node scripts/recovery-modes.mjs [--seeds 10] [--queries 5000]
//
// With --testbed, the same for the testbed scenarios' emulated runs, strategy by strategy, per
// 1,000 requests the frontend sent (ParM sends 1.5 a query): each emulated run (a results folder
// of `parm-sim emulate` or `validate`, or a table this mode wrote earlier, as the folders go) against
// the simulator at the same scenario, strategy and seed. --save FILE writes the emulated runs'
// counters as such a table.
//   node scripts/recovery-modes.mjs --testbed <folder|table.tsv>… [--save FILE]
import { readFileSync } from 'node:fs';
import { emulatedGrid } from './lib/emulated-grid.mjs';
import { TCP_COUNTERS as COUNTERS, readTestbedTcp, writeTestbedTcp } from './lib/testbed-tcp.mjs';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { simulate } from '../dist/sim/strategies/simulate.js';

const BUFFERS = ['45KB', '135KB', '270KB'];
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const seeds = Number(arg('seeds', '10'));
const queries = Number(arg('queries', '5000'));
/** The simulator's counts for the emulated frontend's counters (COUNTERS), in the tables' order. */
const simulatedCounts = (o) => [o.recoveries.frontend.lossProbes, o.recoveries.frontend.timeouts, o.recoveries.frontend.fastRecoveries];
/** "probes / timeouts / SACK recoveries" per 1,000 of n. */
const per1000 = (counts, n) => counts.map((x) => ((1000 * x) / n).toFixed(1)).join(' / ');

if (process.argv.includes('--testbed')) {
  testbed(process.argv.slice(process.argv.indexOf('--testbed') + 1).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--save'), arg('save', ''));
  process.exit(0);
}

const emulated = emulatedGrid();
console.log('point\temulated runs\temulated per 1,000 queries: probes / timeouts / SACK recoveries\tsimulated (seeds 1–' + seeds + ')');
for (const point of expandScenario(loadScenario('scenarios/testbed/loss-grid.yaml', { queries }))) {
  const key = sweepLabel(point.point);
  const e = emulated.get(key);
  if (!e || !BUFFERS.includes(point.point['network.buffer'])) continue;
  const sim = [0, 0, 0];
  let simQueries = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const o = simulate(point.scenario.world, point.scenario.strategies[0], seed);
    simulatedCounts(o).forEach((x, i) => (sim[i] += x));
    simQueries += o.count;
  }
  const real = COUNTERS.map((name) => e.runs.reduce((sum, run) => sum + run.emulation.tcp[name], 0));
  console.log(`${key}\t${e.runs.length}\t${per1000(real, e.queries)}\t${per1000(sim, simQueries)}`);
}

/** The testbed mode: emulated runs (folders or saved tables) against the simulator at the same seeds, pooled per scenario and strategy. */
function testbed(sources, save) {
  const runs = [];
  for (const source of sources) {
    if (source.endsWith('.tsv')) {
      runs.push(...readTestbedTcp(source));
      continue;
    }
    const summary = JSON.parse(readFileSync(`${source}/summary.json`, 'utf8'));
    if (summary.source !== 'emulated') throw new Error(`${source}: not an emulated run (source ${summary.source})`);
    for (const run of summary.runs) runs.push({ scenario: summary.scenario.file ?? summary.scenario, strategy: run.strategy, seed: run.seed, tcp: run.emulation.tcp });
  }
  if (save) writeTestbedTcp(save, runs);
  const pooled = new Map();
  const scenarios = new Map();
  for (const run of runs) {
    if (!scenarios.has(run.scenario)) scenarios.set(run.scenario, loadScenario(run.scenario));
    const scenario = scenarios.get(run.scenario);
    const strategy = scenario.strategies.find((s) => s.label === run.strategy);
    const o = simulate(scenario.world, strategy, run.seed);
    // Per task the simulated run created: a request each, but for the few withdrawn before they were sent.
    const requests = o.taskState.length;
    const key = `${run.scenario}\t${run.strategy}`;
    const p = pooled.get(key) ?? { runs: [], requests: 0, emulated: [0, 0, 0], simulated: [0, 0, 0] };
    p.runs.push(run.seed);
    p.requests += requests;
    COUNTERS.forEach((c, i) => (p.emulated[i] += run.tcp[c]));
    simulatedCounts(o).forEach((x, i) => (p.simulated[i] += x));
    pooled.set(key, p);
  }
  console.log('scenario\tstrategy\tseeds\temulated per 1,000 requests: probes / timeouts / SACK recoveries\tsimulated\ttimeouts simulated/emulated');
  for (const [key, p] of pooled) {
    console.log(`${key}\t${p.runs.join(', ')}\t${per1000(p.emulated, p.requests)}\t${per1000(p.simulated, p.requests)}\t${(p.simulated[1] / p.emulated[1]).toFixed(2)}`);
  }
}
