/**
 * The inference thread: runs the sessions of this process's models (ort-session.ts's direct
 * sessions) on behalf of the main thread, which goes on meanwhile. onnxruntime-node runs a
 * session synchronously on the thread that calls it; here that thread is this one. So the work
 * that feeds the models happens here too: the deployed model's pass over the test split
 * (converting its pixels) and each run's reconstructions (encoding, running and decoding them,
 * decode-jobs.ts), each one request, while the main thread simulates.
 *
 * Requests are InferenceCall (ort-session.ts), answered through sim/threads.ts; pixels and logits
 * are moved, not copied.
 */
import { answerCalls } from '../threads.js';
import { directSessions, type InferenceCall } from './ort-session.js';

const sessions = directSessions();

answerCalls(
  async (request: InferenceCall): Promise<unknown> => {
    if (request.op === 'open') return sessions.open(request.id, request.bytes);
    if (request.op === 'release') return sessions.release(request.id);
    // The pass stays here for the decoder (ort-session.ts): what goes back is a copy.
    if (request.op === 'images') return sessions.runImages(request.id, request.images, request.count, request.width).then((pass) => ({ ...pass, logits: pass.logits?.slice() }));
    if (request.op === 'decode') return sessions.decode(request.decode);
    const output = await sessions.run(request.id, request.pixels, request.n);
    // The logits move too when they own their buffer (else a copy that does).
    const logits = output.logits.byteOffset === 0 && output.logits.byteLength === output.logits.buffer.byteLength ? output.logits : output.logits.slice();
    return { ...output, logits };
  },
  ownedBuffers,
);

/** The buffers a result's arrays own (not shared memory), once each: they move back rather than being copied. */
function ownedBuffers(result: unknown): ArrayBuffer[] {
  if (typeof result !== 'object' || result === null) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(result)) if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  return [...buffers];
}
