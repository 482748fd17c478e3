/**
 * One ONNX classifier: float32 [N,1,28,28] pixels in [0,1] -> logits [N,10] (10 per tile for a
 * collage classifier). Its session runs in the inference thread (ort-session.ts), or, for
 * timings that must not include a thread hop (calibration, an emulated instance), in this one.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { directSessions, ROWS_PER_RUN, threadSessions, type Sessions, type ShapeFailure } from './ort-session.js';
import { CLASSES } from './decode-context.js';
import type { DecodeJob } from './decode-jobs.js';

export { CLASSES };
const PIXELS = 784;

let modelIds = 0;

export class OnnxModel {
  /** Images every model of this process has evaluated: what the benchmarks count as rows. */
  static rowsRun = 0;

  private session: Promise<Sessions> | null = null;
  /** Its session's id, by which decode jobs name it. */
  readonly id = ++modelIds;

  private constructor(
    readonly path: string,
    /** The checked file, until the session is opened from it. */
    private bytes: Buffer | null,
    /** Values per image: 10 logits, or 10 per tile for a collage classifier. */
    readonly outputs: number,
    private readonly sessions: Sessions,
  ) {}

  /**
   * Reads `path` and checks its sha256. The onnxruntime session (the costly part: a set has up to
   * a dozen models and a run uses two or three) opens on the first run, or on `open()`, which
   * also checks that the input is [N,1,28,28] float32. `inThisThread`: the session runs in the
   * calling thread instead of the inference thread.
   */
  static async load(path: string, sha256: string, manifestPath: string, field: string, outputs = CLASSES, options: { inThisThread?: boolean } = {}): Promise<OnnxModel> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw new InputError(manifestPath, field, `a model file at ${path}`, 'no such file');
    }
    const found = createHash('sha256').update(bytes).digest('hex');
    if (found !== sha256) throw new InputError(path, 'sha256', sha256, found, `the manifest ${manifestPath} records another file`);
    return new OnnxModel(path, bytes, outputs, options.inThisThread ? directSessions() : threadSessions());
  }

  /** Opens the session now, so that a model that does not fit fails before anything runs. */
  async open(): Promise<void> {
    await this.opened();
  }

  private opened(): Promise<Sessions> {
    this.session ??= this.openSession();
    return this.session;
  }

  private async openSession(): Promise<Sessions> {
    const path = this.path;
    let info;
    try {
      info = await this.sessions.open(this.id, this.bytes!);
    } catch (err) {
      throw new InputError(path, '', 'an ONNX model onnxruntime can load', (err as Error).message.split('\n')[0] ?? 'an error');
    }
    this.bytes = null;
    if (info.inputs !== 1 || info.outputs < 1) {
      throw new InputError(path, 'inputs', 'one input and one output', `${info.inputs} inputs, ${info.outputs} outputs`);
    }
    if (info.tensor) {
      const { type, shape } = info.tensor;
      const batchIsFree = typeof shape[0] === 'string' || shape[0] === -1;
      if (type !== 'float32' || shape.length !== 4 || !batchIsFree || shape[1] !== 1 || shape[2] !== 28 || shape[3] !== 28) {
        throw new InputError(path, `input ${info.input}`, 'float32 [N,1,28,28] with a free batch axis N', `${type} [${shape.join(',')}]`);
      }
    } else {
      // Where metadata says nothing about shapes, one blank image tells whether the model fits.
      try {
        await this.runChunk(new Float32Array(PIXELS), 1);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw new InputError(path, 'input', 'float32 [N,1,28,28]', (err as Error).message.split('\n')[0] ?? 'an error');
      }
    }
    return this.sessions;
  }

  /** Runs `count` images (count * 784 floats) and returns count * `outputs` logits. */
  async run(pixels: Float32Array, count: number): Promise<Float32Array> {
    await this.opened();
    const width = this.outputs;
    const out = new Float32Array(count * width);
    for (let start = 0; start < count; start += ROWS_PER_RUN) {
      const n = Math.min(ROWS_PER_RUN, count - start);
      // A copy of the chunk: the caller's array stays whole while the chunk travels.
      const { logits } = await this.runChunk(pixels.slice(start * PIXELS, (start + n) * PIXELS), n);
      out.set(logits, start * width);
    }
    return out;
  }

  /**
   * Runs the first `count` images of a uint8 split (as unit pixels) and returns their outputs.
   * The whole pass happens where the session lives, and is asked for at once, right behind the
   * session's opening: in the inference thread it then needs nothing of this thread until it is
   * done, so it goes on while this thread is busy (simulating, say) and never yields.
   */
  async runEveryImage(images: Uint8Array, count: number): Promise<Float32Array> {
    const opened = this.opened();
    const width = this.outputs;
    const pass = this.sessions.runImages(this.id, images, count, width);
    // A model that failed to open says so (and why) rather than the run that waited on it.
    pass.catch(() => {});
    await opened;
    const { logits, failed } = await pass;
    if (failed) throw this.wrongShape(failed);
    OnnxModel.rowsRun += count;
    return logits!;
  }

  /**
   * A run's reconstructions (decode-jobs.ts), by `models` (the job names their sessions) and
   * decoded with this model's pass over the split's first `count` images, which the caller asked
   * for first: made where the sessions live, and asked for at once, as runEveryImage's pass is.
   */
  async decode(job: DecodeJob, models: readonly OnnxModel[], images: Uint8Array, count: number): Promise<Uint8Array> {
    const opened = models.map((m) => m.opened());
    const made = this.sessions.decode({ job, deployed: this.id, images, count });
    made.catch(() => {});
    for (const o of opened) await o;
    const { classes, rows, failed } = await made;
    OnnxModel.rowsRun += rows;
    if (failed) throw ([this, ...models].find((m) => m.id === failed.model) ?? this).wrongShape(failed);
    return classes;
  }

  /** One session run; the input buffer is handed back whole (a short last chunk runs on a view of it). */
  private async runChunk(pixels: Float32Array, n: number): Promise<{ logits: Float32Array; pixels: Float32Array }> {
    const whole = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength ? pixels : null;
    const output = await this.sessions.run(this.id, whole ?? pixels.slice(), n);
    const width = this.outputs;
    if (output.dims.length !== 2 || output.dims[0] !== n || output.dims[1] !== width) {
      throw this.wrongShape({ model: this.id, dims: output.dims, rows: n, width });
    }
    OnnxModel.rowsRun += n;
    return { logits: output.logits, pixels: whole ? output.pixels : pixels };
  }

  /** The input error for this model's answering another shape than [rows, width]. */
  private wrongShape(failed: ShapeFailure): InputError {
    return new InputError(this.path, 'output', `logits [${failed.rows},${failed.width}]`, `[${failed.dims.join(',')}]`);
  }

  async release(): Promise<void> {
    // A session never opened holds nothing; one that failed to open has nothing to release.
    const opened = await this.session?.catch(() => null);
    if (opened) await opened.release(this.id);
  }
}
