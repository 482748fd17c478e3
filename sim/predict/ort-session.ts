/**
 * onnxruntime sessions, as the models use them: one input, one output, one intra-op and one
 * inter-op thread (so that predictions and calibration timings do not depend on how busy the
 * machine's other cores are). Opened and run either in this thread (`directSessions`) or in the
 * inference thread (inference-thread.ts, `threadSessions`), behind one interface.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { threadCalls } from '../threads.js';

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

/** A request to the inference thread (inference-thread.ts). */
export type InferenceCall =
  | { op: 'open'; id: number; bytes: Uint8Array }
  | { op: 'run'; id: number; pixels: Float32Array; n: number }
  | { op: 'release'; id: number };

let thread: Sessions | undefined;

/**
 * Sessions in the inference thread (one per process, started by the first session opened; it
 * does not keep the process alive: sim/threads.ts). Pixels sent to run are moved there and handed back.
 */
export function threadSessions(): Sessions {
  if (!thread) {
    const calls = threadCalls<InferenceCall, unknown>(new URL('./inference-thread.js', import.meta.url));
    thread = {
      open: (id, bytes) => calls.call({ op: 'open', id, bytes }) as Promise<SessionInfo>,
      run: (id, pixels, n) => calls.call({ op: 'run', id, pixels, n }, [pixels.buffer as ArrayBuffer]) as Promise<RunOutput>,
      release: async (id) => void (await calls.call({ op: 'release', id })),
    };
  }
  return thread;
}
