/**
 * The inference thread: runs the sessions of this process's models (ort-session.ts's direct
 * sessions) on behalf of the main thread, so that the main thread encodes the next chunk of
 * images while onnxruntime computes this one (OnnxModel.runEncoded). onnxruntime-node runs a
 * session synchronously on the thread that calls it; here that thread is this one.
 *
 * Requests: { call, op: 'open', id, bytes } | { call, op: 'run', id, pixels, n } |
 * { call, op: 'release', id }; each is answered { call, value } or { call, error }, pixels and
 * logits moved, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { directSessions, type InferenceReply, type InferenceRequest } from './ort-session.js';

const sessions = directSessions();

parentPort?.on('message', async (request: InferenceRequest) => {
  try {
    if (request.op === 'open') parentPort!.postMessage({ call: request.call, value: await sessions.open(request.id, request.bytes) } satisfies InferenceReply);
    else if (request.op === 'run') {
      const output = await sessions.run(request.id, request.pixels, request.n);
      // The input goes back without a copy; the logits too when they own their buffer.
      const logits = output.logits.byteOffset === 0 && output.logits.byteLength === output.logits.buffer.byteLength ? output.logits : output.logits.slice();
      parentPort!.postMessage({ call: request.call, value: { ...output, logits } } satisfies InferenceReply, [logits.buffer as ArrayBuffer, output.pixels.buffer as ArrayBuffer]);
    } else {
      await sessions.release(request.id);
      parentPort!.postMessage({ call: request.call, value: null } satisfies InferenceReply);
    }
  } catch (err) {
    parentPort!.postMessage({ call: request.call, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'an error' } satisfies InferenceReply);
  }
});
