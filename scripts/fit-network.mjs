#!/usr/bin/env node
// The network model's calibration, as a command: for each candidate `network.tcp.duty` × `spell`,
// simulates the loss grid's shallow rows (switch ports of 5, 15 and 30 jumbo frames × 1, 2 and 4
// shuffles) and scores them against the emulated cluster by χ²: for each row, the stalled share
// and the share that met a second, backed-off timeout, each as (simulated − emulated)² over the
// emulated share's binomial variance. What docs/validation.md reports its fits with. Run after a build.
//   node scripts/fit-network.mjs [--duty 0.7,0.75,0.8] [--spell 10ms,20ms] [--seeds 30] [--queries 5000]
// (30 seeds: at 10, round 8's, neighbouring candidates' χ² differ by the simulation's own noise.)
// Emulated: stalled shares pooled over every emulated run of those rows (loss-grid-emulated.json,
// two seeds; -round7.json and -round9.json, three each), second timeouts over the six runs with
// per-query times (loss-grid-timeouts-emulated.tsv and -round9.tsv, scripts/timeouts.mjs). Prints one line per candidate, then
// the rows of the best.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTimeouts } from './timeouts.mjs';

const BUFFERS = ['45KB', '135KB', '270KB'];
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const duties = arg('duty', '0.75').split(',');
const spells = arg('spell', '10ms').split(',');
const seeds = arg('seeds', '30');
const queries = arg('queries', '5000');

/** A row's key as the results name its sweep point. */
const rowKey = (sweep) => `network.buffer=${sweep['network.buffer']}, stragglers.shuffles.flows=${sweep['stragglers.shuffles.flows']}`;

// The emulated rows: stalled counts pooled over five runs, second timeouts over three.
const emulated = new Map();
for (const file of ['loss-grid-emulated.json', 'loss-grid-emulated-round7.json', 'loss-grid-emulated-round9.json']) {
  for (const run of JSON.parse(readFileSync(join('docs/validation', file), 'utf8')).runs) {
    if (!BUFFERS.includes(run.sweep['network.buffer'])) continue;
    const row = emulated.get(rowKey(run.sweep)) ?? { queries: 0, stalled: 0, timedQueries: 0, timedStalled: 0, second: 0 };
    row.queries += run.queries;
    row.stalled += Math.round(run.emulation.stalled * run.queries);
    emulated.set(rowKey(run.sweep), row);
  }
}
for (const file of ['loss-grid-timeouts-emulated.tsv', 'loss-grid-timeouts-emulated-round9.tsv']) {
  for (const line of readFileSync(join('docs/validation', file), 'utf8').trim().split('\n').slice(1)) {
    const [, sweep, n, stalled, second] = line.split('\t');
    const row = emulated.get(sweep);
    if (!row) continue;
    row.timedQueries += Number(n);
    row.timedStalled += Number(stalled);
    row.second += Number(second);
  }
}

/** (simulated − emulated)² over the emulated share's binomial variance (at least half a count's). */
const term = (simulated, count, n) => {
  const p = Math.max(count, 0.5) / n;
  return (simulated - count / n) ** 2 / (p * (1 - p) / n);
};

const fits = [];
for (const duty of duties) {
  for (const spell of spells) {
    const out = mkdtempSync(join(tmpdir(), 'parm-sim-fit-'));
    try {
      execFileSync(process.execPath, ['bin/parm-sim.js', 'sweep', 'scenarios/testbed/loss-grid.yaml', '--set', `network.buffer=[${BUFFERS.join(',')}]`,
        '--set', `network.tcp.duty=${duty}`, '--set', `network.tcp.spell=${spell}`, '--seeds', seeds, '--queries', queries,
        '--queries-csv', '--json', '--out', join(out, 'grid')], { stdio: ['ignore', 'ignore', 'inherit'] });
      const simulated = countTimeouts(readFileSync(join(out, 'grid', 'queries.csv'), 'utf8'));
      let chi2 = 0;
      const rows = [];
      for (const [key, e] of emulated) {
        const s = simulated.get(`none\t${key}`);
        if (!s) throw new Error(`no simulated row ${key}`);
        chi2 += term(s.stalled / s.queries, e.stalled, e.queries) + term(s.second / s.queries, e.second, e.timedQueries);
        rows.push(`${key}\tstalled ${(100 * s.stalled / s.queries).toFixed(2)}% / ${(100 * e.stalled / e.queries).toFixed(2)}%\tsecond timeouts per stall ${(s.second / Math.max(s.stalled, 1)).toFixed(3)} / ${(e.second / Math.max(e.timedStalled, 1)).toFixed(3)}`);
      }
      fits.push({ duty, spell, chi2, rows });
      console.log(`duty ${duty}\tspell ${spell}\tchi2 ${chi2.toFixed(1)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
}
const best = fits.reduce((a, b) => (b.chi2 < a.chi2 ? b : a));
console.log(`\nbest: duty ${best.duty}, spell ${best.spell} (chi2 ${best.chi2.toFixed(1)}); simulated / emulated per row:`);
for (const row of best.rows) console.log(row);
