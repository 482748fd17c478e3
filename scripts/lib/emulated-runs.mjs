// Reading emulated results folders back, for the scripts that set them beside the simulator
// (stall-regimes.mjs, fill-stalls.mjs, port-drops.mjs, request-delays.mjs), and the shuffle episodes they count in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../../dist/sim/csv.js';

/** Rows of a CSV file as objects keyed by its header. */
function readRows(file) {
  const [header, ...records] = parseCsvRecords(readFileSync(file, 'utf8')).map((r) => r.cells);
  return records.filter((cells) => cells.length === header.length).map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

/**
 * A results folder's runs, keyed "strategy<TAB>seed<TAB>sweep": { strategy, seed, sweep, queries,
 * legs }, the measured queries as [arrival, latency (Infinity if unanswered), host (-1: none),
 * dispatch, how long the answering task's request took to land (NaN: none landed), answer] from
 * timeline.csv, the shuffle legs as Outcomes.shuffleLegs lays them out (slot, from, to, start,
 * end; NaN: still running at the end) from shuffles.csv.
 */
export function readEmulatedRuns(folder) {
  const runs = new Map();
  const keyOf = (row) => `${row.strategy}\t${row.seed}\t${row.sweep}`;
  for (const row of readRows(join(folder, 'timeline.csv'))) {
    const key = keyOf(row);
    if (!runs.has(key)) runs.set(key, { strategy: row.strategy, seed: Number(row.seed), sweep: row.sweep, queries: [], legs: [] });
    const arrival = Number(row.arrival_ms);
    const dispatch = Number(row.dispatch_ms);
    runs.get(key).queries.push([arrival, row.answer_ms === '' ? Infinity : Number(row.answer_ms) - arrival, row.host === '' ? -1 : Number(row.host), dispatch, row.request_landed_ms === '' ? NaN : Number(row.request_landed_ms) - dispatch, row.answer]);
  }
  for (const row of readRows(join(folder, 'shuffles.csv'))) {
    runs.get(keyOf(row))?.legs.push(Number(row.slot), Number(row.from_host), Number(row.to_host), Number(row.start_ms), row.end_ms === '' ? NaN : Number(row.end_ms));
  }
  return runs;
}

/** An emulated run as the Outcomes fields the stall counts read (timeline.csv holds measured queries only: no warm-up). */
export const runOutcomes = ({ queries, legs }) => ({
  arrival: Float64Array.from(queries, (q) => q[0]), latency: Float64Array.from(queries, (q) => q[1]), host: Int16Array.from(queries, (q) => q[2]),
  warmup: 0, count: queries.length, shuffleLegs: legs,
});

/** Shuffle legs laid out as Outcomes.shuffleLegs, as objects { from, to, start, end } (end Infinity while running). */
export const legObjects = (flat) => Array.from({ length: flat.length / 5 }, (_, i) => ({
  from: flat[5 * i + 1], to: flat[5 * i + 2], start: flat[5 * i + 3], end: Number.isNaN(flat[5 * i + 4]) ? Infinity : flat[5 * i + 4],
}));

/**
 * Where `host` stands with the shuffle legs at time t: the legs into it and out of it then, and,
 * when some come in, when its episode began (the earliest start of the legs into it without a
 * break up to t).
 */
export function shuffleEpisode(legs, host, t) {
  const live = (leg) => leg.start <= t && t < leg.end;
  const into = legs.filter((leg) => leg.to === host && live(leg));
  const out = legs.filter((leg) => leg.from === host && live(leg));
  if (into.length === 0) return { into, out, start: NaN };
  let start = into[0].start;
  for (let moved = true; moved;) {
    moved = false;
    for (const leg of legs) if (leg.to === host && leg.start < start && leg.end >= start) { start = leg.start; moved = true; }
  }
  return { into, out, start };
}

/** "into N, out M" (N: 0, 1 or 2+; M: 0 or 1+): the shuffles into and out of `host` at time t, as request-delays.mjs and port-drops.mjs tabulate requests. */
export function shuffleSituation(legs, host, t) {
  const { into, out } = shuffleEpisode(legs, host, t);
  return `into ${Math.min(into.length, 2)}${into.length >= 2 ? '+' : ''}, out ${Math.min(out.length, 1)}${out.length >= 1 ? '+' : ''}`;
}

/** The value at ⌊p·(n − 1)⌋ of ascending `sorted`: how these scripts read a quantile off a handful of values. */
export function valueAt(sorted, p) {
  return sorted[Math.floor(p * (sorted.length - 1))];
}

/** Values as "p25 / median / p75", each with `digits` decimals (valueAt). */
export function quartiles(values, digits) {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.25, 0.5, 0.75].map((p) => valueAt(sorted, p).toFixed(digits)).join(' / ');
}

/** Port backlogs (KB) as "p25 / median / p75 KB, N% under 20 KB", for request-delays.mjs and port-drops.mjs. */
export function backlogSpread(kb) {
  return `${quartiles(kb, 0)} KB, ${Math.round((100 * kb.filter((x) => x < 20).length) / kb.length)}% under 20 KB`;
}
