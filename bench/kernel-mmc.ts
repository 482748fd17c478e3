import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Simulation } from '../sim/engine/simulation.js';
import { RandomStreams } from '../sim/engine/random.js';
import { TimeHeap } from '../sim/engine/time-heap.js';

/**
 * The engine alone: an M/M/8 queue at utilisation 0.9 written directly against Simulation, the
 * same model as a minimal compiled event loop (bench/kernel-mmc.cpp) and as SimPy
 * (bench/kernel-mmc.py), so the numbers compare the kernels. One run; `mean_wait_ms` unrounded.
 */
export function kernelMmc(arrivals = 1_000_000): { events: number; seconds: number; completed: number; mean_wait_ms: number } {
  const c = 8, mu = 1, lambda = 0.9 * c * mu;
  const streams = new RandomStreams(1);
  const arrivalRng = streams.stream('arrivals'), serviceRng = streams.stream('service');
  const sim = new Simulation();
  const queue = new Float64Array(1 << 20);
  let head = 0, tail = 0, busy = 0, arrived = 0, completed = 0, totalResponse = 0;
  const departure = sim.on(() => {
    completed++;
    if (head !== tail) {
      totalResponse += sim.now - queue[head]!;
      head = (head + 1) & (queue.length - 1);
      sim.schedule(serviceRng.exponential(1 / mu), departure);
    } else busy--;
  });
  const arrival = sim.on(() => {
    if (++arrived < arrivals) sim.schedule(arrivalRng.exponential(1 / lambda), arrival);
    if (busy < c) {
      busy++;
      sim.schedule(serviceRng.exponential(1 / mu), departure);
    } else {
      queue[tail] = sim.now;
      tail = (tail + 1) & (queue.length - 1);
    }
  });
  sim.schedule(arrivalRng.exponential(1 / lambda), arrival);
  const started = performance.now();
  sim.run();
  const seconds = (performance.now() - started) / 1000;
  return { events: sim.events, seconds, completed, mean_wait_ms: totalResponse / completed };
}

/**
 * The same loop as bench/kernel-mmc.cpp written by hand in TypeScript, without the engine's
 * Simulation: a binary heap of (time, kind) in two typed arrays (TimeHeap: arrival and service
 * times are continuous, so no two are equal and their order is the time's alone), the model's
 * state in locals, parm-sim's draws (Random: Alea and Math.log). It handles the same events as kernelMmc (equal mean waits); set
 * beside it and the compiled loop, it splits the gap into what the engine costs and what the
 * language does.
 */
export function kernelMmcLoop(arrivals = 1_000_000): { events: number; seconds: number; mean_wait_ms: number } {
  const c = 8, mu = 1, lambda = 0.9 * c * mu;
  const streams = new RandomStreams(1);
  const arrivalRng = streams.stream('arrivals'), serviceRng = streams.stream('service');
  const ARRIVAL = 0, DEPARTURE = 1;
  const heap = new TimeHeap(1024);
  const waiting = new Float64Array(1 << 20);
  const mask = waiting.length - 1;
  let head = 0, tail = 0, busy = 0, arrived = 0, completed = 0, handled = 0, totalWait = 0;
  heap.push(arrivalRng.exponential(1 / lambda), ARRIVAL);
  const started = performance.now();
  while (heap.size > 0) {
    const now = heap.peekTime(), kind = heap.peekValue();
    heap.pop();
    handled++;
    if (kind === ARRIVAL) {
      if (++arrived < arrivals) heap.push(now + arrivalRng.exponential(1 / lambda), ARRIVAL);
      if (busy < c) {
        busy++;
        heap.push(now + serviceRng.exponential(1 / mu), DEPARTURE);
      } else {
        waiting[tail] = now;
        tail = (tail + 1) & mask;
      }
    } else {
      completed++;
      if (head !== tail) {
        totalWait += now - waiting[head]!;
        head = (head + 1) & mask;
        heap.push(now + serviceRng.exponential(1 / mu), DEPARTURE);
      } else busy--;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { events: handled, seconds, mean_wait_ms: totalWait / completed };
}

const ARRIVALS = 1_000_000;
/** Rounds: each runs parm-sim's kernel and each compiled loop once, in turn, so that ratios are taken pair by pair. */
const ROUNDS = 5;
/** SimPy handles about 1/50 of the events a second: fewer arrivals, the same events/s basis. */
const SIMPY_ARRIVALS = 200_000;

const repo = fileURLToPath(new URL('../..', import.meta.url));
const firstLine = (text: string) => text.trim().split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/**
 * The kernel-mmc line: parm-sim's kernel against the compiled loop (built with g++ -O2 into
 * dist/bench/native/ when g++ is there) and against SimPy, all in this run. Rates are medians
 * over the rounds; `vs_*` the median of the round-by-round ratios. A reference that cannot run
 * says why in the line. `references: false` runs parm-sim's kernel alone (and says so).
 */
export function kernelMmcLine(references = true): Record<string, number | string> {
  const cpp = references ? build(false) : undefined;
  const same = references ? build(true) : undefined;
  const rates: number[] = [], loopRates: number[] = [], cppRates: number[] = [], sameRates: number[] = [];
  let meanWait = NaN, loopWait = NaN, sameWait = NaN, events = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const run = kernelMmc(ARRIVALS);
    rates.push(run.events / run.seconds);
    meanWait = run.mean_wait_ms;
    events = run.events;
    const loop = kernelMmcLoop(ARRIVALS);
    loopRates.push(loop.events / loop.seconds);
    loopWait = loop.mean_wait_ms;
    if (cpp && 'binary' in cpp) cppRates.push(runCompiled(cpp.binary).rate);
    if (same && 'binary' in same) {
      const r = runCompiled(same.binary);
      sameRates.push(r.rate);
      sameWait = r.meanWait;
    }
  }
  const rate = median(rates);
  const vs = (theirs: number[]) => round(median(rates.map((r, i) => r / theirs[i]!)), 2);
  const line: Record<string, number | string> = {
    name: 'kernel-mmc',
    arrivals: ARRIVALS,
    events,
    rounds: ROUNDS,
    events_per_s: Math.round(rate),
    mean_wait_ms: round(meanWait, 4),
    js_loop_events_per_s: Math.round(median(loopRates)),
    vs_js_loop: vs(loopRates),
  };
  if (loopWait !== meanWait) line.js_loop_same_events = `NO (mean wait ${loopWait} vs ${meanWait})`;
  if (!cpp || !same) return { ...line, references: 'skipped (--no-references)' };
  if ('error' in cpp) line.cpp = cpp.error;
  else {
    line.cpp_events_per_s = Math.round(median(cppRates));
    line.vs_cpp = vs(cppRates);
  }
  // The same loop with parm-sim's own draws (Alea, fdlibm's log): what the draws cost, and a check
  // that both loops handle the same events (equal mean waits).
  if ('error' in same) line.cpp_same_draws = same.error;
  else {
    line.cpp_same_draws_events_per_s = Math.round(median(sameRates));
    line.vs_cpp_same_draws = vs(sameRates);
    line.same_events = sameWait === meanWait ? 'yes' : `NO (mean wait ${sameWait} vs ${meanWait})`;
  }
  const simpy = simpyRate();
  if ('error' in simpy) line.simpy = simpy.error;
  else {
    line.simpy_arrivals = SIMPY_ARRIVALS;
    line.simpy_events_per_s = Math.round(simpy.rate);
    line.vs_simpy = round(rate / simpy.rate, 1);
  }
  return line;
}

/** Builds bench/kernel-mmc.cpp with g++ -O2 when its binary is missing or older than the source. */
function build(sameDraws: boolean): { binary: string } | { error: string } {
  const source = `${repo}bench/kernel-mmc.cpp`;
  const dir = `${repo}dist/bench/native`;
  const binary = `${dir}/kernel-mmc${sameDraws ? '-same-draws' : ''}`;
  if (spawnSync('g++', ['--version'], { encoding: 'utf8' }).error) return { error: 'unavailable (no g++ on PATH)' };
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(dir, { recursive: true });
    const made = spawnSync('g++', ['-O2', ...(sameDraws ? ['-DPARM_DRAWS'] : []), '-o', binary, source], { encoding: 'utf8' });
    if (made.status !== 0) return { error: `unavailable (g++ -O2 failed: ${firstLine(made.stderr) || made.error?.message})` };
  }
  return { binary };
}

function runCompiled(binary: string): { rate: number; meanWait: number } {
  const run = spawnSync(binary, [String(ARRIVALS)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${binary}: ${firstLine(run.stderr) || `exit ${run.status ?? run.signal}`}`);
  const out = JSON.parse(run.stdout) as { events_per_s: number[]; mean_wait_ms: number };
  return { rate: out.events_per_s[0]!, meanWait: out.mean_wait_ms };
}

type Reference = { rate: number; meanWait: number } | { error: string };

/** Runs bench/kernel-mmc.py with Debian's SimPy, installed by scripts/ensure-simpy.sh when missing and possible. */
function simpyRate(): Reference {
  const ensure = spawnSync('bash', [`${repo}scripts/ensure-simpy.sh`], { encoding: 'utf8' });
  if (ensure.status !== 0) {
    const lines = (ensure.stderr || '').trim().split('\n');
    return { error: `unavailable (${lines[lines.length - 1] || `scripts/ensure-simpy.sh exited with ${ensure.status ?? ensure.signal}`})` };
  }
  if (ensure.stderr) process.stderr.write(ensure.stderr);
  const run = spawnSync('/usr/bin/python3', [`${repo}bench/kernel-mmc.py`, String(SIMPY_ARRIVALS)], { encoding: 'utf8' });
  if (run.status !== 0) return { error: `failed (${firstLine(run.stderr) || `exit ${run.status ?? run.signal}`})` };
  const out = JSON.parse(run.stdout) as { events_per_s: number; mean_wait_ms: number };
  return { rate: out.events_per_s, meanWait: out.mean_wait_ms };
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
/** The middle value (the upper of the two middle ones for an even count): what every benchmark quotes over its rounds. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
