import { createInterface } from 'node:readline';
import { monotonicMs as now } from '../../engine/wall-clock.js';

/**
 * The freeze detector's process: sleeps 1 ms in a loop and records every wake-up later than
 * the threshold as [should have woken, woke] on CLOCK_MONOTONIC (process.hrtime, the same
 * clock in every process on the machine). On `stop` (or when stdin closes) it prints its
 * statistics as one JSON line and exits. It sends no traffic.
 *
 * Usage: node canary-agent.js <threshold ms>
 */

const SLEEP = 1;
/** Ticks before `ready`, uncounted: the first ones measure the process's own start-up. */
const WARMUP = 50;
const BIN = 0.01;
const BINS = 10_000;
const threshold = Number(process.argv[2] ?? 20);

/** Lateness histogram in 10 µs bins up to 100 ms, the last bin holding everything later. */
const histogram = new Uint32Array(BINS + 1);
const freezes: Array<[number, number]> = [];
let samples = 0;
let max = 0;
let previous = now();
let timer: NodeJS.Timeout;

let warmup = WARMUP;

function tick(): void {
  const woke = now();
  if (warmup > 0) {
    if (--warmup === 0) process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    previous = woke;
    timer = setTimeout(tick, SLEEP);
    return;
  }
  const due = previous + SLEEP;
  const late = Math.max(0, woke - due);
  samples++;
  if (late > max) max = late;
  histogram[Math.min(BINS, Math.floor(late / BIN))]!++;
  if (late > threshold) freezes.push([due, woke]);
  previous = woke;
  timer = setTimeout(tick, SLEEP);
}

function percentile(q: number): number {
  let seen = 0;
  for (let bin = 0; bin <= BINS; bin++) {
    seen += histogram[bin]!;
    if (seen >= q * samples) return bin === BINS ? max : Math.min(max, (bin + 1) * BIN);
  }
  return max;
}

function stop(): void {
  clearTimeout(timer);
  process.stdout.write(`${JSON.stringify({ freezes, maxLatenessMs: max, p99LatenessMs: samples ? percentile(0.99) : 0, samples })}\n`, () => process.exit(0));
}

timer = setTimeout(tick, SLEEP);
const lines = createInterface({ input: process.stdin });
let stopped = false;
const once = () => {
  if (!stopped) (stopped = true), stop();
};
lines.on('line', (line) => line.trim() === 'stop' && once());
lines.on('close', once);
