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
import { emulatedGrid } from './lib/emulated-grid.mjs';
import { loadScenario } from '../dist/sim/scenario/load.js';
import { expandScenario } from '../dist/sim/scenario/expand.js';
import { sweepLabel } from '../dist/sim/metrics/sweep-label.js';
import { simulate } from '../dist/sim/strategies/simulate.js';

const BUFFERS = ['45KB', '135KB', '270KB'];
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const seeds = Number(arg('seeds', '10'));
const queries = Number(arg('queries', '5000'));

const emulated = emulatedGrid();
const per1000 = (count, n) => ((1000 * count) / n).toFixed(1);
console.log('point\temulated runs\temulated per 1,000 queries: probes / timeouts / SACK recoveries\tsimulated (seeds 1–' + seeds + ')');
for (const point of expandScenario(loadScenario('scenarios/testbed/loss-grid.yaml', { queries }))) {
  const key = sweepLabel(point.point);
  const e = emulated.get(key);
  if (!e || !BUFFERS.includes(point.point['network.buffer'])) continue;
  const sim = { lossProbes: 0, timeouts: 0, fastRecoveries: 0, queries: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const o = simulate(point.scenario.world, point.scenario.strategies[0], seed);
    const r = o.recoveries.frontend;
    sim.lossProbes += r.lossProbes;
    sim.timeouts += r.timeouts;
    sim.fastRecoveries += r.fastRecoveries;
    sim.queries += o.count;
  }
  const t = { loss_probes: 0, timeouts: 0, sack_recoveries: 0, queries: e.queries };
  for (const run of e.runs) for (const name of ['loss_probes', 'timeouts', 'sack_recoveries']) t[name] += run.emulation.tcp[name];
  console.log(`${key}\t${e.runs.length}\t${per1000(t.loss_probes, t.queries)} / ${per1000(t.timeouts, t.queries)} / ${per1000(t.sack_recoveries, t.queries)}\t` +
    `${per1000(sim.lossProbes, sim.queries)} / ${per1000(sim.timeouts, sim.queries)} / ${per1000(sim.fastRecoveries, sim.queries)}`);
}
