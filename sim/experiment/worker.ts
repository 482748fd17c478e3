/**
 * A worker thread of a parallel run: simulates the runs (one strategy at one run point) it is
 * sent, one at a time, and sends each back described but unscored. Scoring stays with the thread
 * that holds the model set, so a worker loads no model, no onnxruntime and no copy of the
 * deployed model's outputs.
 */
import { parentPort } from 'node:worker_threads';
import { simulateRun } from './run-point.js';
import type { WorkerRequest, WorkerReply } from './parallel.js';

parentPort!.on('message', (request: WorkerRequest) => {
  try {
    const strategy = request.point.scenario.strategies[request.strategy]!;
    const run = simulateRun(request.point, strategy, { scored: request.scored, keepQueries: request.keepQueries });
    parentPort!.postMessage({ unit: request.unit, run } satisfies WorkerReply);
  } catch (err) {
    parentPort!.postMessage({ unit: request.unit, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply);
  }
});
