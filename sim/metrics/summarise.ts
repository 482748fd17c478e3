import { Answer, Role, type Outcomes } from '../cluster/outcomes.js';
import { estimate } from './confidence.js';
import { measuredSorted, summariseLatency } from './percentiles.js';
import { latencyKeys, type AccuracySummary, type AggregateSummary, type AnsweredCounts, type RunSummary, type SweepPoint } from './types.js';

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
export function summariseRun(id: RunIdentity, outcomes: Outcomes, dataInstances: number, sorted = measuredSorted(outcomes.latency, outcomes.warmup), accuracy?: AccuracySummary): RunSummary {
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
    answered: countAnswers(outcomes),
    overhead: {
      instances: provisioned / dataInstances,
      busy: busy[Role.data]! > 0 ? totalBusy / busy[Role.data]! : 1,
    },
    sim: { events: outcomes.events, simulated_ms: outcomes.endTime },
  };
  if (accuracy) summary.accuracy = accuracy;
  return summary;
}

function countAnswers(outcomes: Outcomes): AnsweredCounts {
  const counts = new Float64Array(7);
  for (let q = outcomes.warmup; q < outcomes.count; q++) counts[outcomes.answer[q]!]!++;
  return {
    original: counts[Answer.original]!,
    replica: counts[Answer.replica]!,
    reconstructed: counts[Answer.reconstructed]!,
    backup: counts[Answer.backup]!,
    default: counts[Answer.default]!,
    lost: counts[Answer.lost]! + counts[Answer.unanswered]!,
  };
}

/** Mean and 95% CI across seeds, per strategy and sweep point (in the order runs first appear). */
export function aggregateRuns(runs: readonly RunSummary[]): AggregateSummary[] {
  const groups = new Map<string, RunSummary[]>();
  for (const run of runs) {
    const key = JSON.stringify([run.strategy, run.sweep]);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const latency = Object.fromEntries(latencyKeys.map((k) => [k, estimate(group.map((r) => r.latency_ms[k]))])) as AggregateSummary['latency_ms'];
    const aggregate: AggregateSummary = { strategy: first.strategy, sweep: first.sweep, seeds: group.length, latency_ms: latency };
    if (group.every((r) => r.accuracy)) {
      aggregate.accuracy = {
        overall: estimate(group.map((r) => r.accuracy!.overall)),
        reconstructed: estimate(group.map((r) => r.accuracy!.reconstructed)),
      };
    }
    return aggregate;
  });
}
