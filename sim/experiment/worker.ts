/** A worker thread of a parallel sweep: runs the run points it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { loadModelSet, type ModelSet } from '../predict/model-set.js';
import { runPoint } from './run-point.js';
import type { WorkerRequest, WorkerReply } from './parallel.js';

let models: Promise<ModelSet> | undefined;

parentPort!.on('message', async (request: WorkerRequest) => {
  try {
    if (request.models && !models) models = loadModelSet(request.models.name, request.models.root);
    const result = await runPoint(request.point, {
      models: models ? await models : undefined,
      keepQueries: request.keepQueries,
      onRun: () => parentPort!.postMessage({ index: request.index, progress: true } satisfies WorkerReply),
    });
    parentPort!.postMessage({ index: request.index, result } satisfies WorkerReply);
  } catch (err) {
    parentPort!.postMessage({ index: request.index, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply);
  }
});
