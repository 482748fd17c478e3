/**
 * One emulated instance: the real model of its role, the test split, and a FIFO of tasks served
 * one at a time over one TCP connection. Each task runs the real model on its real samples
 * (encoded first for a group task: parity, Berrut-coded or collage) and is then padded to the
 * scenario's service-time draw, so that timing follows the scenario while outputs and output
 * sizes are real.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { Role, roleNames } from '../../cluster/outcomes.js';
import { loadTestSplit, type TestSplit } from '../../predict/dataset.js';
import { writeUnitImage } from '../../predict/unit-pixels.js';
import { IMAGE_SIZE } from '../../predict/encoders/index.js';
import { readJson } from '../../input/read-json.js';
import { parseManifest, type ModelEntry } from '../../predict/manifest.js';
import { CLASSES, OnnxModel } from '../../predict/onnx-model.js';
import { berrutSlotEncoder, paritySlotEncoder, type InstanceCoding, type SlotEncoder } from './coding.js';
import {
  EncoderCode,
  FrameReader,
  FrameType,
  ProtocolError,
  decodeCancel,
  decodeSlow,
  decodeTask,
  encodeResult,
  monotonicMs,
  type DecodedTask,
  type EncoderCodeValue,
} from './protocol.js';

export type RoleName = (typeof roleNames)[number];

export interface InstanceOptions {
  /** The folder holding model sets (models/). */
  modelsRoot: string;
  set: string;
  role: RoleName;
  /** What it serves: plain batches, or a coding group's parity, Berrut-coded or collage tasks. */
  coding: InstanceCoding;
  /** The test split's folder; models/data by default. */
  dataDir?: string;
}

/** The pad sleeps with a timer until this close to its target, then spins on the monotonic clock. */
const SPIN_MS = 1.5;

interface Task extends DecodedTask {
  requestBytes: number;
  landedAt: number;
  cancelled: boolean;
}

/** The output of a task answered without being served. */
const empty = new Float32Array(0);

/** How a group task of one encoder code is served: the model, its input per slot, and how many coded queries a group has. */
interface GroupServing {
  model: OnnxModel;
  encode: SlotEncoder;
  /** Coded queries per group (Berrut: k + stragglers, or stragglers when systematic); 1 otherwise. */
  codedQueries: number;
}

/** The models an instance serves: one for plain batch tasks, or one per encoder code of its group tasks. */
type Serving = { plain: OnnxModel; groups: null } | { plain: null; groups: Map<EncoderCodeValue, GroupServing> };

export class InstanceServer {
  private server: Server | null = null;
  private socket: Socket | null = null;
  private readonly queue: Task[] = [];
  private running: Task | null = null;
  /** The serving loop while it runs: the model is released only once it has stopped. */
  private draining: Promise<void> | null = null;
  private slowFactor = 1;
  /** Wakes the pad early when the running task is aborted. */
  private wake: (() => void) | null = null;
  private padTimer: NodeJS.Timeout | null = null;
  private pixels = new Float32Array(IMAGE_SIZE);
  private members = new Int32Array(0);
  private closed!: Promise<Error | undefined>;
  /** A coding group's size (0 for a plain instance). */
  private readonly k: number;

  private constructor(
    readonly options: InstanceOptions,
    private readonly data: TestSplit,
    private readonly serving: Serving,
  ) {
    this.k = options.coding.kind === 'plain' ? 0 : options.coding.k;
  }

  /** Loads the test split and the models this instance serves (one; two for ParM's r = 2 parity instances). */
  static async load(options: InstanceOptions): Promise<InstanceServer> {
    const dir = join(options.modelsRoot, options.set);
    const manifestPath = join(dir, 'manifest.json');
    const manifest = parseManifest(await readJson(manifestPath), manifestPath);
    const load = async (what: string, matches: (m: ModelEntry) => boolean, outputs = CLASSES): Promise<OnnxModel> => {
      const index = manifest.models.findIndex(matches);
      const entry = manifest.models[index];
      if (!entry) {
        const have = manifest.models.map((m) => (m.role === 'parity' || m.role === 'collage' ? `${m.role} ${m.encoder} k=${m.k}` : m.role)).join(', ');
        throw new InputError(manifestPath, 'models', what, have);
      }
      // In this thread: an instance's service time is the session's own, with no hop to another thread.
      const model = await OnnxModel.load(join(dir, entry.file), entry.sha256, manifestPath, `models[${index}].file`, outputs, { inThisThread: true });
      await model.open();
      return model;
    };
    const deployed = () => load('a model with role "deployed"', (m) => m.role === 'deployed');
    const coding = options.coding;
    let serving: Serving;
    switch (coding.kind) {
      case 'plain':
        serving = { plain: options.role === 'backup' ? await load('a model with role "backup"', (m) => m.role === 'backup') : await deployed(), groups: null };
        break;
      case 'parity': {
        const groups = new Map<EncoderCodeValue, GroupServing>();
        for (const name of coding.encoders) {
          const model = await load(`a parity model for ${name} k=${coding.k}`, (m) => m.role === 'parity' && m.k === coding.k && m.encoder === name);
          groups.set(EncoderCode[name], { model, encode: paritySlotEncoder(name, coding.k), codedQueries: 1 });
        }
        serving = { plain: null, groups };
        break;
      }
      case 'berrut': {
        // The code's coded queries are answered by the deployed model itself.
        const { encode, codedQueries } = berrutSlotEncoder(coding.k, coding.stragglers, coding.systematic);
        serving = { plain: null, groups: new Map([[EncoderCode.berrut, { model: await deployed(), encode, codedQueries }]]) };
        break;
      }
      case 'collage': {
        const entry = manifest.models.find((m) => m.role === 'collage' && m.k === coding.k);
        const model = await load(`a collage classifier for k=${coding.k}`, (m) => m === entry, CLASSES * coding.k);
        // The tiling the classifier was trained on (its manifest's encoder), as decode-collage.ts scores it.
        const encode = paritySlotEncoder(entry?.encoder ?? 'concatenation', coding.k);
        serving = { plain: null, groups: new Map([[EncoderCode.collage, { model, encode, codedQueries: 1 }]]) };
        break;
      }
    }
    const data = await loadTestSplit(options.dataDir ?? join(options.modelsRoot, 'data'));
    return new InstanceServer(options, data, serving);
  }

  /**
   * Listens on host:port (0: any free port) and returns the bound port. The first connection is
   * the frontend's; the listener then closes, so no second one can interleave frames.
   */
  listen(host: string, port: number): Promise<number> {
    this.closed = new Promise((resolve) => {
      this.server = createServer({ noDelay: true }, (socket) => {
        this.server?.close();
        this.serve(socket, resolve);
      });
    });
    return new Promise((resolve, reject) => {
      const server = this.server!;
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Resolves when the frontend's connection has closed: with the error that closed it, if any. */
  whenClosed(): Promise<Error | undefined> {
    return this.closed;
  }

  /** Stops serving: drops queued work and the connection. */
  close(): void {
    this.server?.close();
    this.queue.length = 0;
    if (this.running) this.running.cancelled = true;
    this.wakePad();
    this.socket?.destroy();
  }

  /** Frees the model's session, after any inference still in flight (call after close). */
  async release(): Promise<void> {
    await this.draining;
    const models = this.serving.plain ? [this.serving.plain] : [...this.serving.groups.values()].map((g) => g.model);
    for (const model of models) await model.release();
  }

  private serve(socket: Socket, done: (err?: Error) => void): void {
    this.socket = socket;
    socket.setNoDelay(true);
    let failure: Error | undefined;
    const reader = new FrameReader((type, body, frameBytes) => this.onFrame(type, body, frameBytes));
    socket.on('data', (chunk: Buffer) => {
      this.chunkAt = monotonicMs();
      try {
        reader.push(chunk);
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        this.close();
      }
    });
    socket.on('error', (err) => (failure ??= err));
    socket.on('close', () => {
      this.close();
      done(failure);
    });
  }

  /** When the chunk being read arrived: a frame lands with its last byte. */
  private chunkAt = 0;

  private onFrame(type: number, body: Buffer, frameBytes: number): void {
    switch (type) {
      case FrameType.task: {
        const task = decodeTask(body);
        this.check(task);
        this.queue.push({ ...task, requestBytes: frameBytes, landedAt: this.chunkAt, cancelled: false });
        this.draining ??= this.drain().finally(() => (this.draining = null));
        return;
      }
      case FrameType.cancel: {
        const { taskId, abortRunning } = decodeCancel(body);
        const queued = this.queue.find((t) => t.taskId === taskId && !t.cancelled);
        if (queued) {
          // Dropped unserved; the empty result tells the frontend this instance holds it no more.
          queued.cancelled = true;
          this.reply(queued, this.chunkAt, this.chunkAt, this.chunkAt, empty);
        } else if (abortRunning && this.running?.taskId === taskId) {
          this.running.cancelled = true;
          this.wakePad();
        }
        return;
      }
      case FrameType.slow:
        this.slowFactor = decodeSlow(body);
        return;
      default:
        throw new ProtocolError(`frame type ${type} is not one an instance accepts`);
    }
  }

  /** A task this instance cannot serve is a frontend bug: refuse it loudly. */
  private check(t: DecodedTask): void {
    const role = this.options.role;
    const served = role === 'parity' ? [Role.parity] : role === 'backup' ? [Role.backup] : [Role.data, Role.replica];
    if (!(served as number[]).includes(t.role)) {
      throw new ProtocolError(`TASK ${t.taskId}: role ${roleNames[t.role] ?? t.role} sent to a ${role} instance`);
    }
    const groups = this.serving.groups;
    const group = groups?.get(t.encoder);
    if (groups ? !group : t.encoder !== EncoderCode.none) {
      const codes = groups ? [...groups.keys()].join(' or ') : EncoderCode.none;
      throw new ProtocolError(`TASK ${t.taskId}: encoder code ${t.encoder}, this instance serves ${codes}`);
    }
    for (let i = 0; i < t.samples.length; i++) {
      const s = t.samples[i]!;
      if (s < 0 || s >= this.data.count) throw new ProtocolError(`TASK ${t.taskId}: sample ${s} outside the test split's ${this.data.count}`);
    }
    if (!group) {
      if (t.batchSizes.length !== 0) throw new ProtocolError(`TASK ${t.taskId}: batch sizes on a plain task`);
      return;
    }
    if (t.coded >= group.codedQueries) throw new ProtocolError(`TASK ${t.taskId}: coded query ${t.coded} of a group's ${group.codedQueries}`);
    const k = this.k;
    let sum = 0;
    for (const size of t.batchSizes) sum += size;
    if (t.batchSizes.length < 1 || t.batchSizes.length > k || sum !== t.samples.length) {
      throw new ProtocolError(`TASK ${t.taskId}: ${t.batchSizes.length} batches summing to ${sum} for ${t.samples.length} samples, k=${k}`);
    }
  }

  /** Serves the queue FIFO, one task at a time. */
  private async drain(): Promise<void> {
    for (let task = this.next(); task; task = this.next()) {
      this.running = task;
      try {
        await this.serveTask(task);
      } catch (err) {
        process.stderr.write(`instance: task ${task.taskId}: ${(err as Error).message.split('\n')[0]}\n`);
        this.close();
      }
      this.running = null;
    }
  }

  private next(): Task | undefined {
    let task = this.queue.shift();
    while (task?.cancelled) task = this.queue.shift();
    return task;
  }

  private async serveTask(task: Task): Promise<void> {
    const startAt = monotonicMs();
    const target = startAt + task.serviceMs * this.slowFactor;
    const group = this.serving.groups?.get(task.encoder);
    const model = group ? group.model : this.serving.plain!;
    const rows = group ? this.encodeGroup(task, group) : this.gatherPixels(task);
    const logits = rows > 0 ? await model.run(this.pixels, rows) : empty;
    if (!task.cancelled) await this.pad(target);
    const endAt = monotonicMs();
    // An aborted task is answered too, with no output: the frontend then knows this instance is free.
    this.reply(task, startAt, endAt, target, task.cancelled ? empty : logits, model.outputs);
  }

  private reply(task: Task, startAt: number, endAt: number, target: number, logits: Float32Array, width = CLASSES): void {
    if (!this.socket || this.socket.destroyed) return;
    encodeResult(
      { taskId: task.taskId, requestBytes: task.requestBytes, landedAt: task.landedAt, startAt, endAt, latenessMs: endAt - target, width, logits },
      (chunk) => this.socket!.write(chunk),
    );
  }

  /** Data, replica and backup tasks: the batch's images as [0,1] floats; returns the row count. */
  private gatherPixels(task: Task): number {
    const n = task.samples.length;
    const px = this.ensurePixels(n);
    // As the predict phase writes them, so the deployed model sees bit-identical inputs.
    for (let i = 0; i < n; i++) writeUnitImage(this.data.images, task.samples[i]!, px, i * IMAGE_SIZE);
    return n;
  }

  /**
   * Group tasks, encoded as the predict phase rebuilds them (sim/experiment/answer-sheet.ts):
   * slot i of the coded batch encodes query i of every member batch, an empty slot (-1) where a
   * member batch is shorter or the group has fewer than k batches.
   */
  private encodeGroup(task: Task, group: GroupServing): number {
    const k = this.k;
    let rows = 0;
    for (const size of task.batchSizes) rows = Math.max(rows, size);
    if (this.members.length < rows * k) this.members = new Int32Array(rows * k);
    const members = this.members;
    members.fill(-1, 0, rows * k);
    let first = 0;
    for (let m = 0; m < task.batchSizes.length; m++) {
      const size = task.batchSizes[m]!;
      for (let slot = 0; slot < size; slot++) members[slot * k + m] = task.samples[first + slot]!;
      first += size;
    }
    const px = this.ensurePixels(rows);
    for (let slot = 0; slot < rows; slot++) group.encode(this.data.images, members, slot * k, task.coded, px, slot * IMAGE_SIZE);
    return rows;
  }

  private ensurePixels(rows: number): Float32Array {
    if (this.pixels.length < rows * IMAGE_SIZE) this.pixels = new Float32Array(rows * IMAGE_SIZE);
    return this.pixels;
  }

  /**
   * Waits until `target` (monotonic ms): a timer for all but the last SPIN_MS, whose wake-up is
   * too coarse (whole ms, late under load), then a spin on the clock for the rest.
   */
  private async pad(target: number): Promise<void> {
    const sleep = target - monotonicMs() - SPIN_MS;
    if (sleep > 0) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.padTimer = setTimeout(resolve, sleep);
      });
      this.wake = null;
      this.padTimer = null;
    }
    if (this.running?.cancelled) return;
    while (monotonicMs() < target) {
      // spin: the event loop is blocked for at most SPIN_MS plus the timer's own lateness
    }
  }

  private wakePad(): void {
    if (this.padTimer) clearTimeout(this.padTimer);
    this.wake?.();
  }
}
