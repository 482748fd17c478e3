import { Answer, answerNames, Role, type Outcomes } from '../cluster/outcomes.js';
import { estimate } from './confidence.js';
import { measuredSorted, summariseLatency } from './percentiles.js';
import { stalledShare } from './stalls.js';
import { latencyKeys, type AccuracySummary, type AggregateSummary, type AnsweredCounts, type PoolUtilisation, type RunSummary, type SweepPoint } from './types.js';

export interface RunIdentity {
  strategy: string;
  kind: string;
  seed: number;
  sweep: SweepPoint;
}

/**
 * The summary of one run. `dataInstances` is the strategy-free baseline n: overhead.instances is
 * the hosts the strategy provisioned over n, and overhead.busy the busy time of all its work
 * over the busy time of the original data copies alone.
 */
export function summariseRun(id: RunIdentity, outcomes: Outcomes, dataInstances: number, sorted = measuredSorted(outcomes.latency, outcomes.warmup), accuracy?: AccuracySummary, offered: Record<string, number> = {}, notApplied: readonly string[] = []): RunSummary {
  const busy = outcomes.busy;
  const totalBusy = busy.reduce((s, x) => s + x, 0);
  const provisioned = outcomes.hosts.reduce((s, x) => s + x, 0);
  const summary: RunSummary = {
    strategy: id.strategy,
    kind: id.kind,
    seed: id.seed,
    sweep: id.sweep,
    queries: outcomes.count - outcomes.warmup,
    latency_ms: summariseLatency(sorted),
    stalled: stalledShare(sorted),
    answered: countAnswers(outcomes),
    hosts: provisioned,
    ...(notApplied.length > 0 ? { not_applied: [...notApplied] } : {}),
    overhead: {
      instances: provisioned / dataInstances,
      busy: busy[Role.data]! > 0 ? totalBusy / busy[Role.data]! : 1,
    },
    utilisation: utilisationOf(outcomes, offered),
    unstable: outcomes.backlog ? growingBacklog(outcomes.backlog.tasks, outcomes.backlog.created) : false,
    backlog: outcomes.backlog ? [...outcomes.backlog.tasks] : [],
    sim: { events: outcomes.events, simulated_ms: outcomes.endTime },
  };
  if (accuracy) summary.accuracy = accuracy;
  return summary;
}

function countAnswers(outcomes: Outcomes): AnsweredCounts {
  const counts = new Float64Array(answerNames.length);
  for (let q = outcomes.warmup; q < outcomes.count; q++) counts[outcomes.answer[q]!]!++;
  return {
    original: counts[Answer.original]!,
    replica: counts[Answer.replica]!,
    reconstructed: counts[Answer.reconstructed]!,
    backup: counts[Answer.backup]!,
    default: counts[Answer.default]!,
    lost: counts[Answer.lost]! + counts[Answer.unanswered]!,
    unfinished: counts[Answer.unfinished]!,
  };
}

/** Offered utilisation per pool (given) beside the measured one: time held over instances × the run's span. */
function utilisationOf(outcomes: Outcomes, offered: Record<string, number>): Record<string, PoolUtilisation> {
  const out: Record<string, PoolUtilisation> = {};
  for (const pool of outcomes.pools ?? []) {
    const measured = pool.held / (pool.instances * outcomes.endTime);
    out[pool.name] = { instances: pool.instances, offered: finiteOrNull(offered[pool.name]), measured: finiteOrNull(measured) };
  }
  return out;
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** A backlog grows when the least-squares line through its samples rises by more than this share of the tasks created meanwhile (or BACKLOG_MIN_GROWTH). */
export const BACKLOG_GROWTH_SHARE = 0.02;
export const BACKLOG_MIN_GROWTH = 50;

/**
 * Whether the work waiting in the cluster kept growing across the measured arrivals. A stable
 * cluster's backlog fluctuates around a level; an overloaded one's grows by (arrival rate −
 * service rate) × time, a fixed share of the work arriving. The fitted rise over the samples is
 * compared with that work: more than 2% of it (and at least 50 tasks) waiting at the end that was
 * not waiting at the start means the cluster did not keep up.
 */
export function growingBacklog(tasks: ArrayLike<number>, created: ArrayLike<number>): boolean {
  const n = tasks.length;
  if (n < 3) return false;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const y = tasks[i]!;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const rise = slope * (n - 1);
  const work = created[n - 1]! - created[0]!;
  return rise > Math.max(BACKLOG_MIN_GROWTH, BACKLOG_GROWTH_SHARE * work);
}

/**
 * Per strategy and sweep point (in the order runs first appear): each seed's value of every
 * latency statistic, the stalled share and accuracy, in seed order, with their mean and 95%
 * bootstrap interval across seeds (sim/metrics/confidence.ts).
 */
export function aggregateRuns(runs: readonly RunSummary[]): AggregateSummary[] {
  const groups = new Map<string, RunSummary[]>();
  for (const run of runs) {
    const key = JSON.stringify([run.strategy, run.sweep]);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map((unordered) => {
    // Seed order, whatever order the runs came in (shards, workers).
    const group = [...unordered].sort((a, b) => a.seed - b.seed);
    const first = group[0]!;
    const latency = Object.fromEntries(latencyKeys.map((k) => [k, estimate(group.map((r) => r.latency_ms[k]))])) as AggregateSummary['latency_ms'];
    const aggregate: AggregateSummary = {
      strategy: first.strategy,
      sweep: first.sweep,
      seeds: group.length,
      seed_list: group.map((r) => r.seed),
      latency_ms: latency,
      stalled: estimate(group.map((r) => r.stalled ?? null)),
    };
    if (group.every((r) => r.accuracy)) {
      aggregate.accuracy = {
        overall: estimate(group.map((r) => r.accuracy!.overall)),
        reconstructed: estimate(group.map((r) => r.accuracy!.reconstructed)),
      };
    }
    return aggregate;
  });
}
