// The emulated frontend's kernel counters per testbed run, as scripts/recovery-modes.mjs --save
// writes them (docs/validation/testbed-tcp-*.tsv): a header, then one line per run with its
// scenario, strategy, seed and the counters. Read by recovery-modes.mjs and stalls-per-timeout.mjs.
import { readFileSync, writeFileSync } from 'node:fs';

/** The counters (`emulation.tcp` in an emulated run's summary.json), in the tables' order. */
export const TCP_COUNTERS = ['loss_probes', 'timeouts', 'sack_recoveries'];

/** A table's runs: [{ scenario, strategy, seed, tcp: { loss_probes, timeouts, sack_recoveries } }]. */
export function readTestbedTcp(file) {
  const [, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.map((line) => {
    const [scenario, strategy, seed, ...counts] = line.split('\t');
    return { scenario, strategy, seed: Number(seed), tcp: Object.fromEntries(TCP_COUNTERS.map((c, i) => [c, Number(counts[i])])) };
  });
}

/** Writes runs of that shape as such a table. */
export function writeTestbedTcp(file, runs) {
  const lines = runs.map((r) => [r.scenario, r.strategy, r.seed, ...TCP_COUNTERS.map((c) => r.tcp[c])].join('\t'));
  writeFileSync(file, `${['scenario', 'strategy', 'seed', ...TCP_COUNTERS].join('\t')}\n${lines.join('\n')}\n`);
}
