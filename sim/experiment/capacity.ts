import { meanOf } from '../engine/distributions.js';
import type { ArrivalConfig, WorldConfig } from '../cluster/config.js';
import type { RunPoint } from '../scenario/types.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import { planStrategy, type StrategySpec } from '../strategies/index.js';

/**
 * Offered load of each pool of a strategy, computed from the scenario before anything runs:
 * the rate of tasks the pool is sent over the rate its instances can serve them. At 1 or more
 * the pool's queue grows without bound, and every latency a run reports depends on how long the
 * run was, not on the cluster.
 *
 *   tasks/ms   = arrival rate / queries per batch × tasks per batch (copies, parity 1/k …)
 *   held (ms)  = the time an instance is held per task: service time at its speed, plus, on a
 *                single-queue pool with prefetch 1, the request's transfer (the instance waits
 *                for it); with prefetch N the transfer overlaps service: max(S, (S + T) / N)
 *   capacity   = Σ over the pool's instances of 1 / held
 *
 * Nominal: stragglers, background jobs and failures take capacity away on top of this, and
 * copies withdrawn before they run (replication, hedging, backups) give some back, so the
 * figure is an estimate; the run's measured utilisation is recorded beside it.
 */
export interface PoolLoad {
  pool: string;
  instances: number;
  /** Offered load: task rate over capacity (≥ 1: more work arrives than the pool can serve). */
  offered: number;
  /** Tasks per second sent to the pool, and what it can serve per second. */
  tasksPerSecond: number;
  capacityPerSecond: number;
  /** Mean time (ms) an instance is held per task. */
  heldMs: number;
}

/** Mean arrival rate (queries per ms). */
export function meanArrivalRate(a: ArrivalConfig): number {
  switch (a.process) {
    case 'poisson':
    case 'constant':
      return a.rate;
    case 'mmpp':
      return (a.rates[0] * a.sojourn[0] + a.rates[1] * a.sojourn[1]) / (a.sojourn[0] + a.sojourn[1]);
    case 'trace': {
      const n = a.times.length;
      const span = n > 1 ? a.times[n - 1]! - a.times[0]! : 0;
      return span > 0 ? (n - 1) / span : Infinity;
    }
  }
}

/** Queries per batch, about: a batch closes when full or when its first query has waited the timeout. */
function meanBatchSize(world: WorldConfig, rate: number): number {
  const { size, timeout } = world.cluster.batch;
  if (size <= 1 || timeout <= 0) return 1;
  return Math.min(size, 1 + rate * timeout);
}

export function offeredLoad(world: WorldConfig, strategy: StrategySpec): PoolLoad[] {
  const plan = planStrategy(strategy, world);
  const rate = meanArrivalRate(world.arrivals);
  const batch = meanBatchSize(world, rate);
  const pulls = world.cluster.dispatch === 'single-queue';
  const prefetch = world.cluster.prefetch ?? 1;
  const bandwidth = world.network.bandwidth;
  const transfer = meanOf(world.network.latency) + (bandwidth ? (meanOf(world.payload) * batch) / bandwidth : 0);
  let first = 0;
  return plan.pools.map((pool) => {
    const service = pool.service ?? world.cluster.service;
    const spec = service.byBatchSize?.get(Math.round(batch)) ?? service.time;
    const work = meanOf(spec);
    let capacity = 0, heldTotal = 0;
    for (let h = first; h < first + pool.instances; h++) {
      const s = work / (world.cluster.speeds[h] ?? 1);
      const held = !pulls ? s : prefetch <= 1 ? s + transfer : Math.max(s, (s + transfer) / prefetch);
      capacity += 1 / held;
      heldTotal += held;
    }
    first += pool.instances;
    const tasks = (rate / batch) * pool.tasksPerBatch;
    return {
      pool: pool.name,
      instances: pool.instances,
      offered: capacity > 0 ? tasks / capacity : Infinity,
      tasksPerSecond: tasks * 1000,
      capacityPerSecond: capacity * 1000,
      heldMs: heldTotal / pool.instances,
    };
  });
}

/**
 * One line per strategy × pool × sweep point whose offered load is 1 or more (the same line for
 * every seed of a point is given once): what `run`, `sweep` and `check` print on stderr before
 * they start.
 */
export function overloadWarnings(points: readonly RunPoint[]): string[] {
  const lines = new Set<string>();
  for (const { scenario, point } of points) {
    const at = sweepLabel(point);
    for (const strategy of scenario.strategies) {
      for (const load of offeredLoad(scenario.world, strategy)) {
        if (!(load.offered >= 1)) continue;
        lines.add(`warning: ${strategy.label}${at ? ` at ${at}` : ''} is overloaded: its ${load.pool} pool is offered ${fmt(load.tasksPerSecond)} tasks/s `
          + `and can serve ${fmt(load.capacityPerSecond)} (${load.instances} instances held ${fmt(load.heldMs)} ms per task), offered load ${load.offered.toFixed(2)}; `
          + 'its queue grows for as long as the run lasts, so its latencies measure the run length');
      }
    }
  }
  return [...lines];
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2).replace(/\.?0+$/, '') : x.toPrecision(2);
}
