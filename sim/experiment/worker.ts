/**
 * A worker thread of a parallel sweep: simulates the run points it is sent, one at a time, and
 * sends each back described but unscored. Scoring stays with the thread that holds the model
 * set, so a worker loads no model, no onnxruntime and no copy of the deployed model's outputs.
 */
import { parentPort } from 'node:worker_threads';
import { simulatePoint } from './run-point.js';
import type { WorkerRequest, WorkerReply } from './parallel.js';

parentPort!.on('message', (request: WorkerRequest) => {
  try {
    const runs = simulatePoint(request.point, {
      scored: request.scored,
      keepQueries: request.keepQueries,
      onRun: () => parentPort!.postMessage({ index: request.index, progress: true } satisfies WorkerReply),
    });
    parentPort!.postMessage({ index: request.index, runs } satisfies WorkerReply);
  } catch (err) {
    parentPort!.postMessage({ index: request.index, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply);
  }
});
