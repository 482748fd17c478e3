import { Worker } from 'node:worker_threads';
import type { RunPoint } from '../scenario/types.js';
import type { ModelSet } from '../predict/model-set.js';
import { collect, scoreRun, type DescribedRun, type PointResult } from './run-point.js';

export interface WorkerRequest {
  index: number;
  point: RunPoint;
  /** Whether to make each run's answer sheet (the scenario has a model set). */
  scored: boolean;
  keepQueries: boolean;
}

export type WorkerReply =
  | { index: number; progress: true }
  | { index: number; runs: DescribedRun[] }
  | { index: number; error: string };

/**
 * Runs points on `workers` threads, each taking the next point when it finishes one, while this
 * thread scores the runs that come back with the one model set it holds (one point at a time, in
 * the order they arrive: scoring overlaps the workers' simulation instead of repeating the
 * models' set-up in every worker). Results are returned in the points' order, whatever order they
 * finish in, so the output does not depend on the number of workers.
 */
export async function runPointsInParallel(
  points: readonly RunPoint[],
  workers: number,
  options: { models?: ModelSet; keepQueries: boolean; onRun: () => void },
): Promise<PointResult[]> {
  const results: PointResult[] = new Array(points.length);
  let next = 0;
  let scoring = Promise.resolve();
  const score = (index: number, runs: DescribedRun[]) => {
    scoring = scoring.then(async () => {
      const result: PointResult = { runs: [], cdf: [] };
      if (options.keepQueries) result.queries = [];
      for (const run of runs) {
        if (options.models) await scoreRun(run, options.models);
        collect(result, run);
      }
      results[index] = result;
    });
    return scoring;
  };
  const threads = Array.from({ length: Math.min(workers, points.length) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= points.length) return resolve();
              const index = next++;
              thread.postMessage({ index, point: points[index]!, scored: options.models !== undefined, keepQueries: options.keepQueries } satisfies WorkerRequest);
            };
            thread.on('message', (reply: WorkerReply) => {
              if ('progress' in reply) return options.onRun();
              if ('error' in reply) return reject(new Error(`run point ${reply.index} failed in a worker: ${reply.error}`));
              score(reply.index, reply.runs).catch(reject);
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
  return results;
}
