import { InputError } from '../errors.js';
import type { WorldConfig } from '../cluster/config.js';
import type { RunPoint } from '../scenario/types.js';
import { totalmem } from 'node:os';
import type { StrategySpec } from '../strategies/spec.js';
import { hostReferences } from '../faults/host-references.js';
import { planStrategy } from '../strategies/index.js';

/**
 * Checks what only becomes known once the strategies fix their clusters' sizes: every host a
 * fault, a straggler or a speed names must exist in some strategy's cluster. Each strategy runs
 * on its own hosts, so a host only the larger strategies have is fine (each run reports what did
 * not reach it, sim/faults/host-references.ts); a host none of them has is a mistake in the
 * file. Checked for every run point before any run starts, so nothing is silently ignored.
 */
export function checkHostIndices(points: readonly RunPoint[]): void {
  for (const { scenario, point } of points) {
    const world = scenario.world;
    const hosts = largestCluster(scenario.strategies, world);
    const file = scenario.file ?? 'scenario';
    const at = atPoint(point);
    for (const ref of hostReferences(world)) {
      if ('count' in ref) {
        if (ref.count > hosts) throw new InputError(file, ref.field, `a host count of at most ${hosts} (the most hosts a strategy has${at})`, String(ref.count));
      } else if (ref.host >= hosts) {
        throw new InputError(file, ref.field, `a host index below ${hosts} (the largest strategy has hosts 0..${hosts - 1}${at})`, String(ref.host));
      }
    }
  }
}

/** The most hosts any of the strategies runs on (each runs on its own). */
export function largestCluster(strategies: readonly StrategySpec[], world: WorldConfig): number {
  return Math.max(1, ...strategies.map((s) => planStrategy(s, world).hosts));
}

/** Where in a sweep a refusal applies, for its message: " at sweep point {…}", or nothing outside a sweep. */
function atPoint(point: RunPoint['point']): string {
  return Object.keys(point).length > 0 ? ` at sweep point ${JSON.stringify(point)}` : '';
}

/** Hosts are stored as 16-bit indices in the per-task and per-query tables. */
export const MAX_HOSTS = 32767;
/** Copy numbers are stored in 8 bits. */
export const MAX_COPIES = 255;
/** Arrival rates (per second) whose floating-point results mean something: ~1 a week to 10^9/s. */
export const MIN_RATE_PER_S = 1e-6;
export const MAX_RATE_PER_S = 1e9;
/**
 * The shortest a shuffle's leg may last at the network's full bandwidth (ms). A shorter one is no
 * straggler, and since each flow restarts as soon as its leg ends, the run would spend its events
 * (one per leg per flow, millions a simulated second) on shuffles instead of queries.
 */
export const MIN_SHUFFLE_LEG_MS = 0.1;
/** About what one query costs in memory while its strategy runs (outcomes, tasks, batches, sorting). */
export const BYTES_PER_QUERY = 200;

/**
 * Checks, for every run point, that a shuffle's leg lasts at least MIN_SHUFFLE_LEG_MS at the
 * network's bandwidth: in the simulator a shorter one restarts millions of times a simulated
 * second, and on the emulated cluster it would be a loop of tiny real transfers on the two cores.
 */
export function checkShuffleLegs(points: readonly RunPoint[]): void {
  for (const { scenario, point } of points) {
    const shuffles = scenario.world.stragglers.shuffles, bandwidth = scenario.world.network.bandwidth;
    if (!shuffles || bandwidth === undefined || shuffles.size[0] / bandwidth >= MIN_SHUFFLE_LEG_MS) continue;
    const at = atPoint(point);
    throw new InputError(scenario.file ?? 'scenario', 'stragglers.shuffles.size', `shuffles that last at least ${MIN_SHUFFLE_LEG_MS} ms a leg at network.bandwidth (${bandwidth * 8e-3} Mbit/s)`,
      `${shuffles.size[0]} bytes: ${shuffles.size[0] / bandwidth} ms${at}`, 'a shuffle that short is no straggler, and each flow would restart millions of times a simulated second');
  }
}

/**
 * Checks what the machine and the number formats can hold, for every run point, before any run:
 * host counts, copies, arrival rates, seeds, and the memory the runs at once will need
 * (`memoryLimit` bytes, default 80% of this machine's memory).
 */
export function checkLimits(points: readonly RunPoint[], options: { workers: number; keepQueries: boolean; memoryLimit?: number }): void {
  checkShuffleLegs(points);
  for (const { scenario, point } of points) {
    const world = scenario.world;
    const file = scenario.file ?? 'scenario';
    const at = atPoint(point);
    const hosts = largestCluster(scenario.strategies, world);
    if (hosts > MAX_HOSTS) throw new InputError(file, 'cluster.instances', `strategies that need at most ${MAX_HOSTS} hosts in all`, `${hosts} hosts${at}`);
    scenario.strategies.forEach((s, i) => {
      if (s.kind !== 'replication') return;
      const instances = s.instances ?? world.cluster.instances;
      if (s.copies > Math.min(instances, MAX_COPIES)) {
        throw new InputError(file, `strategies[${i}].copies`, `at most as many copies as the pool has instances (${instances}; at most ${MAX_COPIES})`, `${s.copies}${at}`, 'each copy needs an instance of its own');
      }
    });
    // An MMPP state may be silent (rate 0); every other rate must be one whose times mean something.
    const a = world.arrivals;
    const rates: [string, number][] = a.process === 'mmpp' ? a.rates.filter((r) => r > 0).map((r) => ['arrivals.rates', r]) : a.process === 'trace' ? [] : [['arrivals.rate', a.rate]];
    if (world.stragglers.background) rates.push(['stragglers.background.rate', world.stragglers.background.rate]);
    for (const [field, rate] of rates) {
      const perSecond = rate * 1000;
      if (!(perSecond >= MIN_RATE_PER_S && perSecond <= MAX_RATE_PER_S)) {
        throw new InputError(file, field, `a rate between ${MIN_RATE_PER_S}/s and ${MAX_RATE_PER_S}/s (where times in ms stay meaningful)`, `${perSecond}/s${at}`);
      }
    }
    if (a.process === 'trace' && a.times.length > 1 && a.times[a.times.length - 1]! === a.times[0]!) {
      throw new InputError(file, 'arrivals.file', 'arrival times that span some time (the trace repeats with its span)', `${a.times.length} equal times${at}`, 'every query would arrive at once, again and again');
    }
    if (scenario.seed + scenario.seeds - 1 > Number.MAX_SAFE_INTEGER) {
      throw new InputError(file, 'seed', `a seed of at most ${Number.MAX_SAFE_INTEGER - scenario.seeds + 1} (2^53 − seeds: seeds count up from it exactly)`, String(scenario.seed));
    }
  }
  const first = points[0];
  if (first === undefined) return;
  const queries = first.scenario.world.queries + first.scenario.world.warmup;
  const concurrent = Math.min(options.workers, points.length * first.scenario.strategies.length);
  const kept = options.keepQueries ? points.length * first.scenario.strategies.length : 0;
  const needed = queries * BYTES_PER_QUERY * (concurrent + kept);
  const limit = options.memoryLimit ?? 0.8 * totalmem();
  if (needed > limit) {
    const gb = (x: number) => `${(x / 1e9).toFixed(1)} GB`;
    throw new InputError(first.scenario.file ?? 'scenario', 'queries', `a run that fits in ${gb(limit)} of memory (${options.memoryLimit === undefined ? '80% of this machine' : '--memory'})`,
      `${queries} queries × ${concurrent + kept} held at once ≈ ${gb(needed)}`, 'fewer --queries or --workers, or --memory SIZE to allow more');
  }
}
