#!/usr/bin/env node
// How long query requests take to land, in both worlds, by where the receiving host stood with the
// shuffles when the request was sent (shuffles into it: none, one, two or more; shuffles it sent:
// none, one or more). The bands separate what a request meets at its switch port: 0–5 ms it passed
// (or queued briefly), 5–15 ms it queued behind a full port, 15–150 ms it lost a segment that TCP
// resent without a timeout or its connection's window sent it in two rounds (since round 20), 150 ms
// and more it waited out a retransmission timeout. Below the
// stalls, a p99 is made of the third band. docs/validation.md ("Round 19", "Round 20") reads it.
// Then, for requests into a host two or more shuffles overload, their delay by how long ago the
// latest of those shuffles began: behind a deep port the queue grows through the episode
// (docs/validation.md, "Round 21").
//
// Only strategies whose every answer comes from the one request sent for it (`none`,
// `equal-resources`) are counted, so that the emulated side (timeline.csv keeps the answering
// task's request) and the simulated side (every request the frontend sends) count the same
// messages. The emulated side comes from `emulate` or `validate` results folders; the simulated
// side from --sim-seeds N seeds (default 30) of the same scenario. The simulator keeps no record
// per transfer, so this script observes Network.transfer by wrapping it (its results unchanged),
// CongestionWindows.send, to count the simulated requests sent in more than one round, and
// SwitchPorts.queued, for the port's backlog each request met.
// Run after a build.
//   node scripts/request-delays.mjs <scenario.yaml> <emulated results folder>… [--sim-seeds N]
import { backlogSpread, legObjects, readEmulatedRuns, shuffleEpisode, shuffleSituation as situation, valueAt } from './lib/emulated-runs.mjs';
import { scenarioArgument, takeOption } from './lib/scenario-argument.mjs';
import { simulate } from '../dist/sim/strategies/simulate.js';
import { FRONTEND, Network } from '../dist/sim/cluster/network.js';
import { CongestionWindows } from '../dist/sim/cluster/tcp-window.js';
import { SwitchPorts } from '../dist/sim/cluster/switch-ports.js';

const BANDS = [[0, 5], [5, 15], [15, 150], [150, Infinity]];
const BAND_NAMES = ['0-5 ms', '5-15', '15-150 (resent, or two rounds)', '150+ (timeout)'];
const COUNTED = new Set(['none', 'equal-resources']);

const args = process.argv.slice(2);
const simSeeds = Number(takeOption(args, '--sim-seeds', 30));
const { scenario } = scenarioArgument(args, 'node scripts/request-delays.mjs <scenario.yaml> <emulated results folder>… [--sim-seeds N]');
const folders = args.slice(1);
if (folders.length === 0) {
  console.error('name at least one emulated results folder (timeline.csv, shuffles.csv) of the scenario');
  process.exit(2);
}

/** world → strategy → situation → counts per band. */
const tally = { emulated: new Map(), simulated: new Map() };
/** Ages (ms since the latest shuffle into the host began) that split the overloaded hosts' requests. */
const AGES = [0, 50, 100, 200, 400, 800, 1600, Infinity];
/** world → per age bin, the delays of requests into a host behind two or more shuffles. */
const byAge = { emulated: AGES.slice(1).map(() => []), simulated: AGES.slice(1).map(() => []) };
/** Counts a request of `delay` ms sent to `host` at `sent` in its situation's band; returns the situation. */
function count(world, strategy, legs, host, sent, delay) {
  const where = situation(legs, host, sent);
  if (where.startsWith('into 2+')) {
    const age = sent - Math.max(...shuffleEpisode(legs, host, sent).into.map((leg) => leg.start));
    byAge[world][AGES.findIndex((from, i) => age >= from && age < AGES[i + 1])].push(delay);
  }
  const byStrategy = tally[world];
  if (!byStrategy.has(strategy)) byStrategy.set(strategy, new Map());
  const bySituation = byStrategy.get(strategy);
  if (!bySituation.has(where)) bySituation.set(where, new Array(BANDS.length).fill(0));
  bySituation.get(where)[BANDS.findIndex(([low, high]) => delay >= low && delay < high)]++;
  return where;
}

for (const folder of folders) {
  for (const run of readEmulatedRuns(folder).values()) {
    if (!COUNTED.has(run.strategy) || run.sweep !== '') continue;
    const legs = legObjects(run.legs);
    for (const [, , host, dispatch, request, answer] of run.queries) {
      if (answer === 'original' && Number.isFinite(request)) count('emulated', run.strategy, legs, host, dispatch, request);
    }
  }
}

let requests = null;
// The round trips beyond the first its connection's window made the transfer take (tcp-window.ts).
let laterRounds = 0;
const send = CongestionWindows.prototype.send;
CongestionWindows.prototype.send = function observed(connection, segments) {
  laterRounds = send.call(this, connection, segments);
  return laterRounds;
};
// The receiving port's backlog when the transfer's first segment reached it: the first queued() it asks.
let backlog = NaN;
const queued = SwitchPorts.prototype.queued;
SwitchPorts.prototype.queued = function observed(endpoint, t) {
  const bytes = queued.call(this, endpoint, t);
  if (Number.isNaN(backlog)) backlog = bytes;
  return bytes;
};
const transfer = Network.prototype.transfer;
Network.prototype.transfer = function observed(from, to, bytes, key) {
  laterRounds = 0;
  backlog = NaN;
  const took = transfer.call(this, from, to, bytes, key);
  if (requests && from === FRONTEND) requests.push(this.sim.now, to - 1, took, laterRounds, backlog);
  return took;
};
/** Simulated requests, and those sent in more than one round, by situation; and the ports' backlogs (KB) they met. */
const rounds = new Map();
const backlogs = new Map();
for (const strategy of scenario.strategies.filter((s) => COUNTED.has(s.label))) {
  for (let seed = 1; seed <= simSeeds; seed++) {
    requests = [];
    const outcomes = simulate(scenario.world, strategy, seed, { recordTimeline: true });
    const legs = legObjects(outcomes.shuffleLegs);
    const measuredFrom = outcomes.arrival[outcomes.warmup];
    for (let i = 0; i < requests.length; i += 5) {
      if (requests[i] < measuredFrom) continue;
      const where = count('simulated', strategy.label, legs, requests[i + 1], requests[i], requests[i + 2]);
      const tally = rounds.get(where) ?? rounds.set(where, [0, 0]).get(where);
      tally[0]++;
      if (requests[i + 3] > 0) tally[1]++;
      if (!Number.isNaN(requests[i + 4])) (backlogs.get(where) ?? backlogs.set(where, []).get(where)).push(requests[i + 4] / 1000);
    }
  }
}
requests = null;

const total = (counts) => counts.reduce((sum, c) => sum + c, 0);
const share = (counts, i) => (total(counts) ? `${((100 * counts[i]) / total(counts)).toFixed(1)}%` : '-');
console.log(`request delivery by the receiving host's shuffles: emulated (${folders.length} folders) / simulated (seeds 1-${simSeeds})`);
console.log(['strategy', 'situation', 'requests', ...BAND_NAMES].join('\t'));
for (const [strategy, bySituation] of tally.emulated) {
  const simulated = tally.simulated.get(strategy) ?? new Map();
  for (const where of [...new Set([...bySituation.keys(), ...simulated.keys()])].sort()) {
    const e = bySituation.get(where) ?? new Array(BANDS.length).fill(0);
    const s = simulated.get(where) ?? new Array(BANDS.length).fill(0);
    console.log([strategy, where, `${total(e)} / ${total(s)}`, ...BANDS.map((_, i) => `${share(e, i)} / ${share(s, i)}`)].join('\t'));
  }
}
console.log(`simulated requests sent in more than one round (a congestion window smaller than the request; scripts/port-drops.mjs counts the emulated ones in a capture), by the receiving host's shuffles: ${[...rounds].sort().map(([where, [sent, split]]) => `${where}: ${split}/${sent} (${((100 * split) / sent).toFixed(1)}%)`).join('; ')}`);
console.log(`the simulated receiving port's backlog when a request reached it (KB, p25 / median / p75; the share under 20 KB; port-drops.mjs gives the emulated one from a capture), by the same: ${[...backlogs].sort().map(([where, kb]) => `${where}: ${backlogSpread(kb)}`).join('; ')}`);
console.log('requests into a host behind two or more shuffles, by ms since the latest of them began: count, median / p90 delay (ms), emulated | simulated');
AGES.slice(1).forEach((to, i) => {
  const [e, s] = [byAge.emulated[i], byAge.simulated[i]].map((v) => v.sort((a, b) => a - b));
  const cell = (v) => (v.length < 10 ? `${v.length}, -` : `${v.length}, ${valueAt(v, 0.5).toFixed(1)} / ${valueAt(v, 0.9).toFixed(1)}`);
  console.log(`${AGES[i]}-${to}\t${cell(e)} | ${cell(s)}`);
});
