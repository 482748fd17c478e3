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

export class OnnxModel {
  /** Images every model of this process has evaluated: what the benchmarks count as rows. */
  static rowsRun = 0;

  private constructor(
    readonly path: string,
    private readonly runtime: Runtime,
    private readonly session: InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
    /** Values per image: 10 logits, or 10 per tile for a collage classifier. */
    readonly outputs: number,
  ) {}

  /** Loads `path`, checking its sha256 and that its input is [N,1,28,28] float32. */
  static async load(path: string, sha256: string, manifestPath: string, field: string, outputs = CLASSES): Promise<OnnxModel> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw new InputError(manifestPath, field, `a model file at ${path}`, 'no such file');
    }
    const found = createHash('sha256').update(bytes).digest('hex');
    if (found !== sha256) throw new InputError(path, 'sha256', sha256, found, `the manifest ${manifestPath} records another file`);
    ort ??= (await import('onnxruntime-node')).default;
    let session: InferenceSession;
    try {
      // onnxruntime's warnings (a telemetry file it cannot write, say) are not the user's concern
      // and would break the one-line contract of every command's stderr.
      ort.env.logLevel = 'error';
      session = await ort.InferenceSession.create(bytes, {
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
    const input = session.inputMetadata[0];
    const output = session.outputNames[0];
    if (!input || !output || session.inputNames.length !== 1) {
      throw new InputError(path, 'inputs', 'one input and one output', `${session.inputNames.length} inputs, ${session.outputNames.length} outputs`);
    }
    if (input.isTensor) {
      const shape = input.shape;
      const batchIsFree = typeof shape[0] === 'string' || shape[0] === -1;
      if (input.type !== 'float32' || shape.length !== 4 || !batchIsFree || shape[1] !== 1 || shape[2] !== 28 || shape[3] !== 28) {
        throw new InputError(path, `input ${input.name}`, 'float32 [N,1,28,28] with a free batch axis N', `${input.type} [${shape.join(',')}]`);
      }
    }
    const model = new OnnxModel(path, ort, session, input.name, output, outputs);
    if (!input.isTensor) await model.probe();
    return model;
  }

  /** Runs `count` images (count * 784 floats) and returns count * `outputs` logits. */
  async run(pixels: Float32Array, count: number): Promise<Float32Array> {
    const width = this.outputs;
    const out = new Float32Array(count * width);
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const x = new this.runtime.Tensor('float32', pixels.subarray(start * PIXELS, (start + n) * PIXELS), [n, 1, 28, 28]);
      const result = await this.session.run({ [this.inputName]: x });
      const logits = result[this.outputName];
      if (!logits || logits.dims.length !== 2 || logits.dims[0] !== n || logits.dims[1] !== width) {
        throw new InputError(this.path, 'output', `logits [${n},${width}]`, `[${logits?.dims.join(',') ?? ''}]`);
      }
      out.set(logits.data as Float32Array, start * width);
      OnnxModel.rowsRun += n;
    }
    return out;
  }

  /** Where metadata says nothing about shapes, one blank image tells whether the model fits. */
  private async probe(): Promise<void> {
    try {
      await this.run(new Float32Array(PIXELS), 1);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(this.path, 'input', 'float32 [N,1,28,28]', (err as Error).message.split('\n')[0] ?? 'an error');
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
