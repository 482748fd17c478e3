/**
 * One ONNX classifier: float32 [N,1,28,28] pixels in [0,1] -> logits [N,10]. Sessions run with
 * one intra-op and one inter-op thread, so that predictions and calibration timings do not
 * depend on how busy the machine's other cores are.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { InputError } from '../errors.js';

/**
 * onnxruntime-node, loaded by the first model that is loaded: importing it loads a native library,
 * which a command that scores no model (--help, a scenario without models, a bad input) never pays for.
 */
type Runtime = typeof import('onnxruntime-node');
let ort: Runtime | undefined;

export const CLASSES = 10;
const PIXELS = 784;
/** Rows per session.run: large enough to amortise the call, small enough to bound memory. */
const CHUNK = 2048;

/** An open onnxruntime session and the names of its one input and output. */
interface Session {
  session: InferenceSession;
  input: string;
  output: string;
}

export class OnnxModel {
  /** Images every model of this process has evaluated: what the benchmarks count as rows. */
  static rowsRun = 0;

  private session: Promise<Session> | null = null;

  private constructor(
    readonly path: string,
    /** The checked file, until the session is opened from it. */
    private bytes: Buffer | null,
    /** Values per image: 10 logits, or 10 per tile for a collage classifier. */
    readonly outputs: number,
  ) {}

  /**
   * Reads `path` and checks its sha256. The onnxruntime session (the costly part: a set has up to
   * a dozen models and a run uses two or three) opens on the first run, or on `open()`, which
   * also checks that the input is [N,1,28,28] float32.
   */
  static async load(path: string, sha256: string, manifestPath: string, field: string, outputs = CLASSES): Promise<OnnxModel> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw new InputError(manifestPath, field, `a model file at ${path}`, 'no such file');
    }
    const found = createHash('sha256').update(bytes).digest('hex');
    if (found !== sha256) throw new InputError(path, 'sha256', sha256, found, `the manifest ${manifestPath} records another file`);
    return new OnnxModel(path, bytes, outputs);
  }

  /** Opens the session now, so that a model that does not fit fails before anything runs. */
  async open(): Promise<void> {
    await this.opened();
  }

  private opened(): Promise<Session> {
    this.session ??= this.openSession();
    return this.session;
  }

  private async openSession(): Promise<Session> {
    const path = this.path;
    ort ??= (await import('onnxruntime-node')).default;
    let session: InferenceSession;
    try {
      // onnxruntime's warnings (a telemetry file it cannot write, say) are not the user's concern
      // and would break the one-line contract of every command's stderr.
      ort.env.logLevel = 'error';
      session = await ort.InferenceSession.create(this.bytes!, {
        logSeverityLevel: 3,
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        // No busy-waiting for work between runs: an emulated instance shares two cores with
        // everything else, and a spinning thread is CPU the cluster's other processes lose.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      });
    } catch (err) {
      throw new InputError(path, '', 'an ONNX model onnxruntime can load', (err as Error).message.split('\n')[0] ?? 'an error');
    }
    this.bytes = null;
    const input = session.inputMetadata[0];
    const output = session.outputNames[0];
    if (!input || !output || session.inputNames.length !== 1) {
      throw new InputError(path, 'inputs', 'one input and one output', `${session.inputNames.length} inputs, ${session.outputNames.length} outputs`);
    }
    const opened = { session, input: input.name, output };
    if (input.isTensor) {
      const shape = input.shape;
      const batchIsFree = typeof shape[0] === 'string' || shape[0] === -1;
      if (input.type !== 'float32' || shape.length !== 4 || !batchIsFree || shape[1] !== 1 || shape[2] !== 28 || shape[3] !== 28) {
        throw new InputError(path, `input ${input.name}`, 'float32 [N,1,28,28] with a free batch axis N', `${input.type} [${shape.join(',')}]`);
      }
    } else {
      // Where metadata says nothing about shapes, one blank image tells whether the model fits.
      try {
        await this.runChunk(opened, new Float32Array(PIXELS), 1);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(path, 'input', 'float32 [N,1,28,28]', (err as Error).message.split('\n')[0] ?? 'an error');
      }
    }
    return opened;
  }

  /** Runs `count` images (count * 784 floats) and returns count * `outputs` logits. */
  async run(pixels: Float32Array, count: number): Promise<Float32Array> {
    const opened = await this.opened();
    const width = this.outputs;
    const out = new Float32Array(count * width);
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      out.set(await this.runChunk(opened, pixels.subarray(start * PIXELS, (start + n) * PIXELS), n), start * width);
    }
    return out;
  }

  /**
   * Runs `count` images that are made on the way: `encode(i, into, at)` writes image i's 784
   * floats at into[at ..], CHUNK images at a time into one buffer, and `use(start, end,
   * logits)` receives each chunk's outputs (image i's at logits[(i - start) * outputs ..]) before
   * the buffer is refilled. Memory stays flat however many images a run scores.
   */
  async runEncoded(count: number, encode: (image: number, into: Float32Array, at: number) => void, use: (start: number, end: number, logits: Float32Array) => void): Promise<void> {
    const opened = await this.opened();
    const buffer = new Float32Array(Math.min(count, CHUNK) * PIXELS);
    for (let start = 0; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      for (let i = start; i < end; i++) encode(i, buffer, (i - start) * PIXELS);
      use(start, end, await this.runChunk(opened, buffer.subarray(0, (end - start) * PIXELS), end - start));
    }
  }

  private async runChunk(opened: Session, pixels: Float32Array, n: number): Promise<Float32Array> {
    const x = new ort!.Tensor('float32', pixels, [n, 1, 28, 28]);
    const result = await opened.session.run({ [opened.input]: x });
    const logits = result[opened.output];
    const width = this.outputs;
    if (!logits || logits.dims.length !== 2 || logits.dims[0] !== n || logits.dims[1] !== width) {
      throw new InputError(this.path, 'output', `logits [${n},${width}]`, `[${logits?.dims.join(',') ?? ''}]`);
    }
    OnnxModel.rowsRun += n;
    return logits.data as Float32Array;
  }

  async release(): Promise<void> {
    // A session never opened holds nothing; one that failed to open has nothing to release.
    const opened = await this.session?.catch(() => null);
    await opened?.session.release();
  }
}
