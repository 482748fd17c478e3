/**
 * Reconstruction through the real parity model, for a model set: the work itself
 * (reconstruct-runs.ts) happens where the parity model's session lives. In the inference thread a
 * run's reconstructions are one request, encoded, run and decoded there, so the calling thread can
 * simulate the next run meanwhile.
 */
import type { ModelSet } from './model-set.js';
import type { ReconstructionRequest } from './reconstruct-runs.js';

/**
 * Predicted class per request. Each group is encoded and run once however many requests share
 * it; requests are taken in order, a chunk of distinct groups at a time (requests of one group
 * next to each other, as every caller makes them, share its run).
 */
export function reconstructClasses(set: ModelSet, req: ReconstructionRequest): Promise<Uint8Array> {
  const parity = set.parity(req.k, req.encoder);
  // The decoder needs the deployed model's outputs, made where the sessions live: ask for them
  // first (scoring meets any failure of theirs when it awaits them).
  set.deployedLogits().catch(() => {});
  return parity.model.reconstruct(set.deployed.model, set.data.images, set.data.count, req);
}
