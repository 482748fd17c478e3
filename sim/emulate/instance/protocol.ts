/**
 * The wire protocol between the emulator's frontend and its instance processes: length-prefixed
 * binary frames over one persistent TCP connection per (frontend, instance), little-endian.
 *
 * Every frame is
 *   u32 frameBytes   the whole frame's size on the wire, this field included
 *   u8  type         FrameType
 *   u32 bodyBytes    the meaningful part that follows
 *   body             bodyBytes bytes, laid out per type (below)
 *   padding          frameBytes - 9 - bodyBytes zero bytes
 * The padding is what gives a request the scenario's size on the wire (ParM's evaluation sends
 * 31 KB per query) without shipping fake pixels: the NIC shaping sees the real byte count, and
 * the reader skips the padding without copying it.
 *
 * TASK body:   u32 taskId, u8 role (Role code), u8 encoder (EncoderCode), u8 coded,
 *              u16 sampleCount, u8 batchCount, f64 serviceMs, u16 x batchCount batch sizes,
 *              i32 x sampleCount samples. A plain task (encoder none: data, replica, backup)
 *              carries its batch's samples and no batch sizes. A group task carries the samples
 *              of its coding group's member batches one batch after another, with the member
 *              batch sizes (they sum to sampleCount); the instance encodes them itself, slot by
 *              slot, with the code the encoder names: a parity encoder (addition, concatenation,
 *              weighted) for a parity model; `berrut`, the affine combination of the members
 *              with row `coded` of the instance's Berrut encoder (coded query `coded` of the
 *              group: the task's copy number), for the deployed model; `collage`, the
 *              concatenation encoding for the collage classifier. `coded` is 0 for every other
 *              encoder.
 * CANCEL body: u32 taskId, u8 abortRunning.
 * SLOW body:   f64 factor.
 * RESULT body: u32 taskId, u32 requestBytes (the TASK frame's size as the instance read it),
 *              f64 landedAt, f64 startAt, f64 endAt, f64 latenessMs, u16 rows, u16 width,
 *              f32 x rows*width logits: width is the model's outputs per input image, 10 (one
 *              image's logits) or 10·k (a collage classifier's, 10 per tile).
 */
import { CLASSES } from '../../predict/onnx-model.js';

export const FrameType = { task: 1, cancel: 2, slow: 3, result: 4 } as const;
export type FrameTypeCode = (typeof FrameType)[keyof typeof FrameType];

export const EncoderCode = { none: 0, addition: 1, concatenation: 2, weighted: 3, berrut: 4, collage: 5 } as const;
export type EncoderCodeValue = (typeof EncoderCode)[keyof typeof EncoderCode];
export type EncoderWireName = keyof typeof EncoderCode;
const LAST_ENCODER = Math.max(...Object.values(EncoderCode));

export { monotonicMs } from '../../engine/wall-clock.js';

/** Frame header: frameBytes, type, bodyBytes. */
export const HEADER_BYTES = 9;
const TASK_FIXED = 4 + 1 + 1 + 1 + 2 + 1 + 8;
const RESULT_FIXED = 4 + 4 + 8 * 4 + 2 + 2;
/** Bounds that a corrupt length field cannot push past: a result of 65535 rows is ~2.6 MB at 10 logits a row, ~10.5 MB at a k = 4 collage's 40. */
export const MAX_BODY_BYTES = 1 << 24;
export const MAX_FRAME_BYTES = 1 << 30;
export const MAX_SAMPLES = 0xffff;

/** A malformed frame: the reader stops at the first one, and the connection should be closed. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Receives a frame's pieces in order; the client and server pass socket.write. */
export type Sink = (chunk: Buffer) => void;

export interface TaskFrame {
  taskId: number;
  role: number;
  encoder: EncoderCodeValue;
  /** Which of the group's coded queries (berrut: its row of the encoder); absent or 0 for every other encoder. */
  coded?: number;
  samples: ArrayLike<number>;
  /** Member batch sizes of a group task's group (sum = samples.length); empty otherwise. */
  batchSizes: ArrayLike<number>;
  serviceMs: number;
  /** Requested size of the frame on the wire; a smaller number than the header needs is raised to it. */
  payloadBytes: number;
}

export interface DecodedTask {
  taskId: number;
  role: number;
  encoder: EncoderCodeValue;
  coded: number;
  samples: Int32Array;
  batchSizes: Uint16Array;
  serviceMs: number;
}

export interface ResultFrame {
  taskId: number;
  requestBytes: number;
  landedAt: number;
  startAt: number;
  endAt: number;
  latenessMs: number;
  /** The model's outputs per row: 10 logits, or 10 per tile for a collage classifier (default 10). */
  width?: number;
  /** rows * width logits. */
  logits: Float32Array;
}

/** A RESULT as read off the wire: its width always stated. */
export interface DecodedResult extends ResultFrame {
  width: number;
}

/**
 * Zeros shared by every padded frame. The socket keeps references to the slices it has not
 * flushed, which is safe because nothing ever writes into this buffer.
 */
let zeros = Buffer.alloc(64 * 1024);
const MAX_ZEROS = 4 * 1024 * 1024;

function writePadding(bytes: number, sink: Sink): void {
  if (bytes > zeros.length && zeros.length < MAX_ZEROS) zeros = Buffer.alloc(Math.min(MAX_ZEROS, bytes));
  while (bytes > 0) {
    const n = Math.min(bytes, zeros.length);
    sink(n === zeros.length ? zeros : zeros.subarray(0, n));
    bytes -= n;
  }
}

function head(type: FrameTypeCode, bodyBytes: number, frameBytes: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  buf.writeUInt32LE(frameBytes, 0);
  buf.writeUInt8(type, 4);
  buf.writeUInt32LE(bodyBytes, 5);
  return buf;
}

/** The size a TASK frame has on the wire for a requested payload size. */
export function taskFrameBytes(sampleCount: number, batchCount: number, payloadBytes: number): number {
  return Math.max(HEADER_BYTES + TASK_FIXED + 2 * batchCount + 4 * sampleCount, Math.ceil(payloadBytes));
}

/** Writes one TASK frame (header and body, then zero padding) to `sink`; returns its size on the wire. */
export function encodeTask(t: TaskFrame, sink: Sink): number {
  const count = t.samples.length, batches = t.batchSizes.length;
  if (count > MAX_SAMPLES) throw new RangeError(`a task carries at most ${MAX_SAMPLES} samples, not ${count}`);
  if (batches > 0xff) throw new RangeError(`a coding group has at most 255 member batches, not ${batches}`);
  const coded = t.coded ?? 0;
  if (!Number.isInteger(coded) || coded < 0 || coded > 0xff) throw new RangeError(`a coded query's index is 0 to 255, not ${coded}`);
  const bodyBytes = TASK_FIXED + 2 * batches + 4 * count;
  const frameBytes = taskFrameBytes(count, batches, t.payloadBytes);
  if (frameBytes > MAX_FRAME_BYTES) throw new RangeError(`a frame is at most ${MAX_FRAME_BYTES} bytes, not ${frameBytes}`);
  const buf = head(FrameType.task, bodyBytes, frameBytes);
  let o = HEADER_BYTES;
  o = buf.writeUInt32LE(t.taskId >>> 0, o);
  o = buf.writeUInt8(t.role, o);
  o = buf.writeUInt8(t.encoder, o);
  o = buf.writeUInt8(coded, o);
  o = buf.writeUInt16LE(count, o);
  o = buf.writeUInt8(batches, o);
  o = buf.writeDoubleLE(t.serviceMs, o);
  for (let i = 0; i < batches; i++) o = buf.writeUInt16LE(t.batchSizes[i]!, o);
  for (let i = 0; i < count; i++) o = buf.writeInt32LE(t.samples[i]!, o);
  sink(buf);
  writePadding(frameBytes - buf.length, sink);
  return frameBytes;
}

export function encodeCancel(taskId: number, abortRunning: boolean, sink: Sink): number {
  const buf = head(FrameType.cancel, 5, HEADER_BYTES + 5);
  buf.writeUInt32LE(taskId >>> 0, HEADER_BYTES);
  buf.writeUInt8(abortRunning ? 1 : 0, HEADER_BYTES + 4);
  sink(buf);
  return buf.length;
}

export function encodeSlow(factor: number, sink: Sink): number {
  const buf = head(FrameType.slow, 8, HEADER_BYTES + 8);
  buf.writeDoubleLE(factor, HEADER_BYTES);
  sink(buf);
  return buf.length;
}

export function encodeResult(r: ResultFrame, sink: Sink): number {
  const width = r.width ?? CLASSES;
  const rows = r.logits.length / width;
  if (!Number.isInteger(width) || width < 1 || width > 0xffff) throw new RangeError(`a result row is 1 to 65535 values wide, not ${width}`);
  if (!Number.isInteger(rows) || rows > MAX_SAMPLES) throw new RangeError(`a result carries whole rows of ${width} values, at most ${MAX_SAMPLES}, not ${r.logits.length} values`);
  const bodyBytes = RESULT_FIXED + 4 * r.logits.length;
  const buf = head(FrameType.result, bodyBytes, HEADER_BYTES + bodyBytes);
  let o = HEADER_BYTES;
  o = buf.writeUInt32LE(r.taskId >>> 0, o);
  o = buf.writeUInt32LE(r.requestBytes >>> 0, o);
  o = buf.writeDoubleLE(r.landedAt, o);
  o = buf.writeDoubleLE(r.startAt, o);
  o = buf.writeDoubleLE(r.endAt, o);
  o = buf.writeDoubleLE(r.latenessMs, o);
  o = buf.writeUInt16LE(rows, o);
  o = buf.writeUInt16LE(width, o);
  // One copy of the logits' bytes (little-endian hosts: every platform Node ships for).
  buf.set(new Uint8Array(r.logits.buffer, r.logits.byteOffset, r.logits.byteLength), o);
  sink(buf);
  return buf.length;
}

export function decodeTask(body: Buffer): DecodedTask {
  need(body, TASK_FIXED, 'TASK');
  const taskId = body.readUInt32LE(0);
  const role = body.readUInt8(4);
  const encoder = body.readUInt8(5);
  const coded = body.readUInt8(6);
  const count = body.readUInt16LE(7);
  const batches = body.readUInt8(9);
  const serviceMs = body.readDoubleLE(10);
  if (body.length !== TASK_FIXED + 2 * batches + 4 * count) {
    throw new ProtocolError(`TASK ${taskId}: body of ${body.length} bytes, expected ${TASK_FIXED + 2 * batches + 4 * count} for ${count} samples and ${batches} batches`);
  }
  if (encoder > LAST_ENCODER) throw new ProtocolError(`TASK ${taskId}: unknown encoder code ${encoder}`);
  if (coded !== 0 && encoder !== EncoderCode.berrut) throw new ProtocolError(`TASK ${taskId}: coded query ${coded} with encoder code ${encoder} (only berrut numbers its coded queries)`);
  if (!Number.isFinite(serviceMs) || serviceMs < 0) throw new ProtocolError(`TASK ${taskId}: service time ${serviceMs} ms`);
  const batchSizes = new Uint16Array(batches);
  let o = TASK_FIXED;
  for (let i = 0; i < batches; i++, o += 2) batchSizes[i] = body.readUInt16LE(o);
  const samples = new Int32Array(count);
  for (let i = 0; i < count; i++, o += 4) samples[i] = body.readInt32LE(o);
  return { taskId, role, encoder: encoder as EncoderCodeValue, coded, samples, batchSizes, serviceMs };
}

export function decodeCancel(body: Buffer): { taskId: number; abortRunning: boolean } {
  need(body, 5, 'CANCEL', true);
  return { taskId: body.readUInt32LE(0), abortRunning: body.readUInt8(4) !== 0 };
}

export function decodeSlow(body: Buffer): number {
  need(body, 8, 'SLOW', true);
  const factor = body.readDoubleLE(0);
  if (!Number.isFinite(factor) || factor <= 0) throw new ProtocolError(`SLOW: factor ${factor}`);
  return factor;
}

export function decodeResult(body: Buffer): DecodedResult {
  need(body, RESULT_FIXED, 'RESULT');
  const rows = body.readUInt16LE(40);
  const width = body.readUInt16LE(42);
  if (width === 0) throw new ProtocolError('RESULT: rows of width 0');
  if (body.length !== RESULT_FIXED + 4 * width * rows) {
    throw new ProtocolError(`RESULT: body of ${body.length} bytes, expected ${RESULT_FIXED + 4 * width * rows} for ${rows} rows of ${width}`);
  }
  const logits = new Float32Array(rows * width);
  // A byte copy: the body need not be 4-byte aligned in its ArrayBuffer.
  new Uint8Array(logits.buffer).set(body.subarray(RESULT_FIXED));
  return {
    taskId: body.readUInt32LE(0),
    requestBytes: body.readUInt32LE(4),
    landedAt: body.readDoubleLE(8),
    startAt: body.readDoubleLE(16),
    endAt: body.readDoubleLE(24),
    latenessMs: body.readDoubleLE(32),
    width,
    logits,
  };
}

function need(body: Buffer, bytes: number, what: string, exact = false): void {
  if (exact ? body.length !== bytes : body.length < bytes) {
    throw new ProtocolError(`${what}: body of ${body.length} bytes, expected ${exact ? '' : 'at least '}${bytes}`);
  }
}

/** Called once per complete frame; `body` is valid only during the call. */
export type FrameHandler = (type: number, body: Buffer, frameBytes: number) => void;

/**
 * A streaming frame reader: frames may be split across chunks at any byte and several may share
 * one chunk. A body that lies whole in one chunk is handed over as a view (no copy); a split one
 * is gathered in a reused scratch buffer; padding is counted and skipped, never copied.
 */
export class FrameReader {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerHave = 0;
  private scratch = Buffer.alloc(256);
  /** The current frame's body once complete: a view into a chunk, or into scratch. */
  private body: Buffer | null = null;
  private bodyInScratch = false;
  private bodyHave = 0;
  private frameBytes = 0;
  private bodyBytes = 0;
  private type = 0;
  private padLeft = 0;
  private failed: ProtocolError | null = null;

  constructor(private readonly onFrame: FrameHandler) {}

  /** Feeds one chunk; throws ProtocolError on a malformed header (and on every later call). */
  push(chunk: Buffer): void {
    if (this.failed) throw this.failed;
    let at = 0;
    const end = chunk.length;
    while (at < end) {
      if (this.headerHave < HEADER_BYTES) {
        if (this.headerHave === 0 && end - at >= HEADER_BYTES) {
          this.startFrame(chunk, at);
          at += HEADER_BYTES;
        } else {
          const n = Math.min(HEADER_BYTES - this.headerHave, end - at);
          chunk.copy(this.header, this.headerHave, at, at + n);
          this.headerHave += n;
          at += n;
          if (this.headerHave < HEADER_BYTES) return;
          this.startFrame(this.header, 0);
        }
        if (this.bodyBytes === 0) this.keepInScratch();
      }
      let body = this.body;
      if (body === null) {
        // Gathering the body.
        if (this.bodyHave === 0 && end - at >= this.bodyBytes) {
          body = this.body = chunk.subarray(at, at + this.bodyBytes);
          this.bodyInScratch = false;
          at += this.bodyBytes;
        } else {
          const n = Math.min(this.bodyBytes - this.bodyHave, end - at);
          chunk.copy(this.scratch, this.bodyHave, at, at + n);
          this.bodyHave += n;
          at += n;
          if (this.bodyHave < this.bodyBytes) return;
          body = this.keepInScratch();
        }
      }
      const skip = Math.min(this.padLeft, end - at);
      this.padLeft -= skip;
      at += skip;
      if (this.padLeft > 0) {
        // The frame ends in a later chunk: keep the body in scratch, not in a chunk we let go.
        if (!this.bodyInScratch) {
          body.copy(this.scratch, 0);
          this.keepInScratch();
        }
        return;
      }
      const type = this.type, frameBytes = this.frameBytes;
      this.headerHave = 0;
      this.body = null;
      this.bodyHave = 0;
      this.onFrame(type, body, frameBytes);
    }
  }

  private keepInScratch(): Buffer {
    this.bodyInScratch = true;
    return (this.body = this.scratch.subarray(0, this.bodyBytes));
  }

  private startFrame(src: Buffer, at: number): void {
    const frameBytes = src.readUInt32LE(at);
    const type = src.readUInt8(at + 4);
    const bodyBytes = src.readUInt32LE(at + 5);
    if (type < FrameType.task || type > FrameType.result) this.fail(`unknown frame type ${type}`);
    if (bodyBytes > MAX_BODY_BYTES) this.fail(`body of ${bodyBytes} bytes (at most ${MAX_BODY_BYTES})`);
    if (frameBytes > MAX_FRAME_BYTES || frameBytes < HEADER_BYTES + bodyBytes) {
      this.fail(`frame of ${frameBytes} bytes with a body of ${bodyBytes}`);
    }
    this.headerHave = HEADER_BYTES;
    this.frameBytes = frameBytes;
    this.type = type;
    this.bodyBytes = bodyBytes;
    this.padLeft = frameBytes - HEADER_BYTES - bodyBytes;
    this.body = null;
    this.bodyHave = 0;
    if (bodyBytes > this.scratch.length) this.scratch = Buffer.alloc(Math.max(bodyBytes, 2 * this.scratch.length));
  }

  private fail(message: string): never {
    this.failed = new ProtocolError(message);
    throw this.failed;
  }
}
