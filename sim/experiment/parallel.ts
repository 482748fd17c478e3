import { Worker } from 'node:worker_threads';
import type { RunPoint } from '../scenario/types.js';
import type { ModelSet } from '../predict/model-set.js';
import { collect, scoreRun, simulateRun, type DescribedRun, type PointResult } from './run-point.js';

export interface WorkerRequest {
  /** The run's place in the work: point-major, strategy-minor. */
  unit: number;
  point: RunPoint;
  /** Which of the point's strategies to run. */
  strategy: number;
  /** Whether to make the run's answer sheet (the scenario has a model set). */
  scored: boolean;
  keepQueries: boolean;
}

export type WorkerReply = { unit: number; run: DescribedRun } | { unit: number; error: string };

/**
 * Runs every strategy of every point on `workers` threads, this one and workers − 1 worker
 * threads, one run (a strategy at a point) at a time per thread, each thread taking the next run
 * when it finishes one: a single point with several strategies uses every thread too. Each worker
 * holds a second run in hand, so it never waits for this thread between runs. This thread also
 * scores every run, one at a time in the order they are done, with the one model set it holds.
 * Results are returned in the points' order and each point's runs in strategy order, whatever
 * order they finish in, so the output does not depend on the number of workers.
 */
export async function runPointsInParallel(
  points: readonly RunPoint[],
  workers: number,
  options: { models?: ModelSet; keepQueries: boolean; onRun: () => void },
): Promise<PointResult[]> {
  const units = points.flatMap((point, p) => point.scenario.strategies.map((_, strategy) => ({ point: p, strategy })));
  // Runs are handed out strategy by strategy (every point's first strategy, then every point's
  // second, …): a thread then runs one strategy's code for long stretches, where alternating
  // strategies made V8 re-optimise each strategy's closures run after run (bench `sweep`, Fig. 9a
  // without models on two threads: 0.90x the CPU and 0.91x the wall time of handing them out point
  // by point). Each run's result still goes to its place in `units`, so the output is the same.
  const order = units.map((_, i) => i).sort((a, b) => units[a]!.strategy - units[b]!.strategy || units[a]!.point - units[b]!.point);
  const scored = options.models !== undefined;
  const runs: DescribedRun[] = new Array(units.length);
  let next = 0;
  let scoring = Promise.resolve();
  const score = (unit: number, run: DescribedRun) => {
    scoring = scoring.then(async () => {
      if (options.models) await scoreRun(run, options.models);
      runs[unit] = run;
      options.onRun();
    });
    return scoring;
  };
  // This thread's share: a run, then a turn of the event loop so the workers' replies are taken in.
  const here = async () => {
    while (next < units.length) {
      const unit = order[next++]!;
      const { point, strategy } = units[unit]!;
      const p = points[point]!;
      await score(unit, simulateRun(p, p.scenario.strategies[strategy]!, { scored, keepQueries: options.keepQueries }));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const threads = Array.from({ length: Math.min(workers, units.length) - 1 }, () => new Worker(new URL('./worker.js', import.meta.url)));
  try {
    await Promise.all([
      here(),
      ...threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            let inHand = 0;
            const send = () => {
              if (next >= units.length) return;
              const unit = order[next++]!;
              inHand++;
              const { point, strategy } = units[unit]!;
              thread.postMessage({ unit, point: points[point]!, strategy, scored, keepQueries: options.keepQueries } satisfies WorkerRequest);
            };
            thread.on('message', (reply: WorkerReply) => {
              if ('error' in reply) return reject(new Error(`run ${reply.unit} failed in a worker: ${reply.error}`));
              inHand--;
              score(reply.unit, reply.run).catch(reject);
              send();
              if (inHand === 0) resolve();
            });
            thread.on('error', reject);
            send();
            send();
            if (inHand === 0) resolve();
          }),
      ),
    ]);
    await scoring;
  } finally {
    // After a failure nothing more is started, here or in a worker.
    next = units.length;
    await Promise.all(threads.map((t) => t.terminate()));
  }
  const results = points.map((): PointResult => ({ runs: [], cdf: [], ...(options.keepQueries ? { queries: [] } : {}) }));
  units.forEach((u, i) => collect(results[u.point]!, runs[i]!));
  return results;
}
