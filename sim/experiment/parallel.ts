import { Worker } from 'node:worker_threads';
import type { RunPoint } from '../scenario/types.js';
import type { ModelSet } from '../predict/model-set.js';
import { collect, scoreRun, type DescribedRun, type PointResult } from './run-point.js';

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
 * Runs every strategy of every point on `workers` threads, one run (a strategy at a point) at a
 * time per thread, each thread taking the next run when it finishes one: a single point with
 * several strategies uses every thread too. This thread scores the runs that come back, one at a
 * time in the order they arrive, with the one model set it holds, while the workers go on
 * simulating. Results are returned in the points' order and each point's runs in strategy order,
 * whatever order they finish in, so the output does not depend on the number of workers.
 */
export async function runPointsInParallel(
  points: readonly RunPoint[],
  workers: number,
  options: { models?: ModelSet; keepQueries: boolean; onRun: () => void },
): Promise<PointResult[]> {
  const units = points.flatMap((point, p) => point.scenario.strategies.map((_, strategy) => ({ point: p, strategy })));
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
  const threads = Array.from({ length: Math.min(workers, units.length) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= units.length) return resolve();
              const unit = next++;
              const { point, strategy } = units[unit]!;
              thread.postMessage({ unit, point: points[point]!, strategy, scored: options.models !== undefined, keepQueries: options.keepQueries } satisfies WorkerRequest);
            };
            thread.on('message', (reply: WorkerReply) => {
              if ('error' in reply) return reject(new Error(`run ${reply.unit} failed in a worker: ${reply.error}`));
              score(reply.unit, reply.run).catch(reject);
              send();
            });
            thread.on('error', reject);
            send();
          }),
      ),
    );
    await scoring;
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  const results = points.map((): PointResult => ({ runs: [], cdf: [], ...(options.keepQueries ? { queries: [] } : {}) }));
  units.forEach((u, i) => collect(results[u.point]!, runs[i]!));
  return results;
}
