/**
 * onnxruntime sessions, as the models use them: one input, one output, one intra-op and one
 * inter-op thread (so that predictions and calibration timings do not depend on how busy the
 * machine's other cores are). Opened and run either in this thread (`directSessions`) or in the
 * inference thread (inference-thread.ts, `threadSessions`), behind one interface.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { threadCalls } from '../threads.js';
import { writeUnitImage } from './unit-pixels.js';
import { runDecodeJob, ShapeMismatch, type DecodeJob } from './decode-jobs.js';

/** Rows per session run: large enough to amortise the call, small enough to bound memory. */
export const ROWS_PER_RUN = 2048;
const PIXELS = 784;

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

/** A model that answered another shape than [rows, width]: the work that ran it stopped there. */
export interface ShapeFailure {
  model: number;
  dims: readonly number[];
  rows: number;
  width: number;
}

/** A session's outputs for every image of a split, `width` logits an image; or where it failed. */
export interface SplitOutput {
  logits?: Float32Array;
  failed?: ShapeFailure;
}

/**
 * A run's reconstructions (decode-jobs.ts), decoded with the deployed model `deployed`'s pass
 * over the split's first `count` images (runImages, asked for first).
 */
export interface DecodeCall {
  job: DecodeJob;
  deployed: number;
  images: Uint8Array;
  count: number;
}

/** Their classes and the images the job's models ran; or where a model failed (the job stops there). */
export interface DecodeOutput {
  classes: Uint8Array;
  rows: number;
  failed?: ShapeFailure;
}

/** Opens, runs and releases sessions by id. A failure to open rejects with onnxruntime's first line. */
export interface Sessions {
  open(id: number, bytes: Uint8Array): Promise<SessionInfo>;
  /** Runs n images. `pixels` may be transferred to another thread meanwhile: use the one RunOutput hands back. */
  run(id: number, pixels: Float32Array, n: number): Promise<RunOutput>;
  /**
   * Runs the first `count` images of a uint8 split (784 pixels each, as unit pixels), ROWS_PER_RUN
   * at a time, where the session lives: in the inference thread the whole pass then goes on
   * beside whatever the calling thread does (the deployed model's pass while runs are simulated).
   */
  runImages(id: number, images: Uint8Array, count: number, width: number): Promise<SplitOutput>;
  /** Makes a run's reconstructions (decode-jobs.ts), where the sessions live. */
  decode(call: DecodeCall): Promise<DecodeOutput>;
  release(id: number): Promise<void>;
}

type Runtime = typeof import('onnxruntime-node');
let ort: Runtime | undefined;

let here: Sessions | undefined;

/**
 * Sessions in this thread, one table of them per thread, as the inference thread has one: a
 * decode job names its models by id and finds them all there. onnxruntime-node is loaded by the
 * first session opened: importing it loads a native library, which a command that scores no
 * model never pays for.
 */
export function directSessions(): Sessions {
  here ??= sessionsInThisThread();
  return here;
}

function sessionsInThisThread(): Sessions {
  // By id, the session or its opening: a run may arrive before the open it follows has finished
  // (the inference thread takes each request as it comes), and waits for it.
  const sessions = new Map<number, Promise<InferenceSession>>();
  // The passes over a split (runImages), by model and image count, for the decoder to read.
  const passes = new Map<string, Promise<Float32Array>>();
  const session = (id: number): Promise<InferenceSession> => sessions.get(id) ?? Promise.reject(new RangeError(`no open session ${id}`));
  const create = async (bytes: Uint8Array): Promise<InferenceSession> => {
    ort ??= (await import('onnxruntime-node')).default;
    // onnxruntime's warnings (a telemetry file it cannot write, say) are not the user's concern
    // and would break the one-line contract of every command's stderr.
    ort.env.logLevel = 'error';
    return ort.InferenceSession.create(bytes, {
      logSeverityLevel: 3,
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      // No memory arena: it keeps the largest batch's buffers for the session's life. Without it a
      // 10^6-query parm run with the MLP set peaks at 346 MB instead of 386 (medians of 5 paired
      // runs), at the same speed (docs/benchmarks.md, round 19).
      enableCpuMemArena: false,
      // No busy-waiting for work between runs: an emulated instance shares two cores with
      // everything else, and a spinning thread is CPU the cluster's other processes lose.
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
  };
  const sessionsHere: Sessions = {
    async open(id, bytes) {
      const opening = create(bytes);
      sessions.set(id, opening);
      // A failed open is forgotten, so a run that waits on it fails as it did.
      opening.catch(() => sessions.delete(id));
      const s = await opening;
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
      const s = await session(id);
      const result = await s.run({ [s.inputNames[0]!]: new ort!.Tensor('float32', pixels, [n, 1, 28, 28]) });
      const out = result[s.outputNames[0]!];
      return { logits: (out?.data ?? new Float32Array(0)) as Float32Array, dims: out ? [...out.dims] : [], pixels };
    },
    runImages(id, images, count, width) {
      const pass = (async (): Promise<Float32Array> => {
        const logits = new Float32Array(count * width);
        const pixels = new Float32Array(Math.min(count, ROWS_PER_RUN) * PIXELS);
        for (let start = 0; start < count; start += ROWS_PER_RUN) {
          const rows = Math.min(ROWS_PER_RUN, count - start);
          for (let i = 0; i < rows; i++) writeUnitImage(images, start + i, pixels, i * PIXELS);
          logits.set(await runRows(id, pixels, rows, width), start * width);
        }
        return logits;
      })();
      passes.set(`${id}/${count}`, pass);
      return pass.then((logits) => ({ logits }), failedShape);
    },
    async decode({ job, deployed, images, count }) {
      const pass = passes.get(`${deployed}/${count}`);
      if (!pass) throw new RangeError(`no pass of model ${deployed} over ${count} images to decode with`);
      let rows = 0;
      const run = async (model: number, pixels: Float32Array, n: number, width: number): Promise<Float32Array> => {
        const out = await runRows(model, pixels, n, width);
        rows += n;
        return out;
      };
      try {
        return { classes: await runDecodeJob(job, { images, deployed: await pass, rowsPerRun: ROWS_PER_RUN, run }), rows };
      } catch (err) {
        return { classes: new Uint8Array(0), rows, ...failedShape(err) };
      }
    },
    async release(id) {
      const s = await sessions.get(id)?.catch(() => undefined);
      sessions.delete(id);
      for (const key of passes.keys()) if (key.startsWith(`${id}/`)) passes.delete(key);
      await s?.release();
    },
  };
  /** Runs the first `rows` images of a reused buffer: their logits; a ShapeMismatch when the model answers another shape than [rows, width]. */
  const runRows = async (id: number, pixels: Float32Array, rows: number, width: number): Promise<Float32Array> => {
    const out = await sessionsHere.run(id, rows * PIXELS < pixels.length ? pixels.slice(0, rows * PIXELS) : pixels, rows);
    if (out.dims.length !== 2 || out.dims[0] !== rows || out.dims[1] !== width) throw new ShapeMismatch(id, out.dims, rows, width);
    return out.logits;
  };
  return sessionsHere;
}

/** A wrong shape as data (it crosses threads), for the caller to name the model's file; any other error as it was. */
function failedShape(err: unknown): { failed: ShapeFailure } {
  if (!(err instanceof ShapeMismatch)) throw err;
  return { failed: { model: err.model, dims: err.dims, rows: err.rows, width: err.width } };
}

/** A request to the inference thread (inference-thread.ts). */
export type InferenceCall =
  | { op: 'open'; id: number; bytes: Uint8Array }
  | { op: 'run'; id: number; pixels: Float32Array; n: number }
  | { op: 'images'; id: number; images: Uint8Array; count: number; width: number }
  | { op: 'decode'; decode: DecodeCall }
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
      // A split in shared memory (dataset.ts makes it so) is shared, not copied; any other is copied.
      runImages: (id, images, count, width) => calls.call({ op: 'images', id, images, count, width }) as Promise<SplitOutput>,
      decode: (decode) => calls.call({ op: 'decode', decode }) as Promise<DecodeOutput>,
      release: async (id) => void (await calls.call({ op: 'release', id })),
    };
  }
  return thread;
}
