import { Worker } from 'node:worker_threads';
import type { RunPoint } from '../scenario/types.js';
import type { PointResult } from './run-point.js';

export interface WorkerRequest {
  index: number;
  point: RunPoint;
  models?: { name: string; root: string };
  keepQueries: boolean;
}

export type WorkerReply =
  | { index: number; progress: true }
  | { index: number; result: PointResult }
  | { index: number; error: string };

/**
 * Runs points on `workers` threads, each taking the next point when it finishes one. Results are
 * returned in the points' order, whatever order they finish in, so the output does not depend on
 * the number of workers.
 */
export async function runPointsInParallel(
  points: readonly RunPoint[],
  workers: number,
  options: { models?: { name: string; root: string }; keepQueries: boolean; onRun: () => void },
): Promise<PointResult[]> {
  const results: PointResult[] = new Array(points.length);
  let next = 0;
  const threads = Array.from({ length: Math.min(workers, points.length) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= points.length) return resolve();
              const index = next++;
              thread.postMessage({ index, point: points[index]!, models: options.models, keepQueries: options.keepQueries } satisfies WorkerRequest);
            };
            thread.on('message', (reply: WorkerReply) => {
              if ('progress' in reply) return options.onRun();
              if ('error' in reply) return reject(new Error(`run point ${reply.index} failed in a worker: ${reply.error}`));
              results[reply.index] = reply.result;
              send();
            });
            thread.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
