/**
 * onnxruntime sessions, as the models use them: one input, one output, one intra-op and one
 * inter-op thread (so that predictions and calibration timings do not depend on how busy the
 * machine's other cores are). Opened and run either in this thread (`directSessions`) or in the
 * inference thread (inference-thread.ts, `threadSessions`), behind one interface.
 */
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';

/** What a session says of itself once open: what OnnxModel checks before it runs anything. */
export interface SessionInfo {
  inputs: number;
  outputs: number;
  input: string;
  output: string;
  /** The input's metadata, when onnxruntime has it. */
  tensor: { type: string; shape: readonly (number | string)[] } | null;
}

/** A session's output for n images: its logits and their shape, and the input buffer, handed back. */
export interface RunOutput {
  logits: Float32Array;
  dims: readonly number[];
  pixels: Float32Array;
}

/** Opens, runs and releases sessions by id. A failure to open rejects with onnxruntime's first line. */
export interface Sessions {
  open(id: number, bytes: Uint8Array): Promise<SessionInfo>;
  /** Runs n images. `pixels` may be transferred to another thread meanwhile: use the one RunOutput hands back. */
  run(id: number, pixels: Float32Array, n: number): Promise<RunOutput>;
  release(id: number): Promise<void>;
}

type Runtime = typeof import('onnxruntime-node');
let ort: Runtime | undefined;

/**
 * Sessions in this thread. onnxruntime-node is loaded by the first session opened: importing it
 * loads a native library, which a command that scores no model never pays for.
 */
export function directSessions(): Sessions {
  const sessions = new Map<number, InferenceSession>();
  const session = (id: number) => {
    const found = sessions.get(id);
    if (!found) throw new RangeError(`no open session ${id}`);
    return found;
  };
  return {
    async open(id, bytes) {
      ort ??= (await import('onnxruntime-node')).default;
      // onnxruntime's warnings (a telemetry file it cannot write, say) are not the user's concern
      // and would break the one-line contract of every command's stderr.
      ort.env.logLevel = 'error';
      const s = await ort.InferenceSession.create(bytes, {
        logSeverityLevel: 3,
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        // No busy-waiting for work between runs: an emulated instance shares two cores with
        // everything else, and a spinning thread is CPU the cluster's other processes lose.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      });
      sessions.set(id, s);
      const meta = s.inputMetadata[0];
      return {
        inputs: s.inputNames.length,
        outputs: s.outputNames.length,
        input: s.inputNames[0] ?? '',
        output: s.outputNames[0] ?? '',
        tensor: meta?.isTensor ? { type: meta.type, shape: [...meta.shape] } : null,
      };
    },
    async run(id, pixels, n) {
      const s = session(id);
      const result = await s.run({ [s.inputNames[0]!]: new ort!.Tensor('float32', pixels, [n, 1, 28, 28]) });
      const out = result[s.outputNames[0]!];
      return { logits: (out?.data ?? new Float32Array(0)) as Float32Array, dims: out ? [...out.dims] : [], pixels };
    },
    async release(id) {
      await sessions.get(id)?.release();
      sessions.delete(id);
    },
  };
}

/** The inference thread's messages (inference-thread.ts). */
export type InferenceCall =
  | { op: 'open'; id: number; bytes: Uint8Array }
  | { op: 'run'; id: number; pixels: Float32Array; n: number }
  | { op: 'release'; id: number };
export type InferenceRequest = InferenceCall & { call: number };

export type InferenceReply = { call: number; value: unknown } | { call: number; error: string };

let thread: Sessions | undefined;

/**
 * Sessions in the inference thread (one per process, started by the first session opened; it
 * does not keep the process alive). Pixels sent to run are moved there and handed back.
 */
export function threadSessions(): Sessions {
  thread ??= startThread();
  return thread;
}

function startThread(): Sessions {
  let worker: Worker | undefined;
  let calls = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  const call = <T>(request: InferenceCall, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (!worker) {
      worker = new Worker(new URL('./inference-thread.js', import.meta.url));
      worker.on('message', (reply: InferenceReply) => {
        const w = waiting.get(reply.call);
        waiting.delete(reply.call);
        // Held only while a call waits: an idle inference thread never keeps the process alive.
        if (waiting.size === 0) worker!.unref();
        if ('error' in reply) w?.reject(new Error(reply.error));
        else w?.resolve(reply.value);
      });
      worker.on('error', (err) => {
        for (const w of waiting.values()) w.reject(err);
        waiting.clear();
      });
      // After the listeners: adding a 'message' listener would hold the process again.
      worker.unref();
    }
    const id = ++calls;
    if (waiting.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker!.postMessage({ ...request, call: id } satisfies InferenceRequest, transfer);
    });
  };
  return {
    open: (id, bytes) => call<SessionInfo>({ op: 'open', id, bytes }),
    run: (id, pixels, n) => call<RunOutput>({ op: 'run', id, pixels, n }, [pixels.buffer as ArrayBuffer]),
    release: (id) => call<void>({ op: 'release', id }),
  };
}
