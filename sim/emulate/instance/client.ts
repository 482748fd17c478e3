/**
 * The frontend's end of one instance connection: send tasks, cancels and slowdowns; receive
 * results with the instance's timestamps and the real logits. All times are CLOCK_MONOTONIC ms,
 * one clock for every process on the machine, so instance and frontend times compare directly.
 */
import { connect as netConnect, type Socket } from 'node:net';
import {
  EncoderCode,
  FrameReader,
  FrameType,
  ProtocolError,
  decodeResult,
  encodeCancel,
  encodeSlow,
  encodeTask,
  monotonicMs,
  type EncoderWireName,
} from './protocol.js';

export interface TaskResult {
  taskId: number;
  /** When the task's last byte was read at the instance (monotonic ms). */
  landedAt: number;
  startAt: number;
  endAt: number;
  /** How far the pad's end overshot its target (ms; inference longer than the draw shows here). */
  latenessMs: number;
  /** Values per row: 10 logits, or 10 per tile from a collage classifier. */
  width: number;
  /** rows * width logits: one row per query, or per slot of a group task. */
  logits: Float32Array;
  /** When the result's last byte was read at the frontend (monotonic ms). */
  receivedAt: number;
  /** The task frame's size as the instance read it off the wire (bytes). */
  requestBytes: number;
}

export interface TaskRequest {
  taskId: number;
  /** Role code (sim/cluster/outcomes.ts). */
  role: number;
  /** `none` for a plain batch; a group task's code otherwise (protocol.ts). */
  encoder: EncoderWireName;
  /** A Berrut task's coded query within its group (absent: 0). */
  coded?: number;
  samples: Int32Array | number[];
  /** A group task's member batch sizes, in group order (they sum to samples.length). */
  groupSizes?: number[];
  serviceMs: number;
  /** The request's size on the wire (the scenario's request size); raised to the header's size if smaller. */
  payloadBytes: number;
}

const noBatches: number[] = [];

export class InstanceClient {
  onResult: (r: TaskResult) => void = () => {};
  onClose: (err?: Error) => void = () => {};
  private failure: Error | undefined;
  private readonly write = (chunk: Buffer): void => {
    this.socket.write(chunk);
  };

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    let receivedAt = 0;
    const reader = new FrameReader((type, body) => {
      if (type !== FrameType.result) throw new ProtocolError(`frame type ${type} is not one a frontend accepts`);
      const r = decodeResult(body);
      this.onResult({
        taskId: r.taskId,
        landedAt: r.landedAt,
        startAt: r.startAt,
        endAt: r.endAt,
        latenessMs: r.latenessMs,
        width: r.width,
        logits: r.logits,
        receivedAt,
        requestBytes: r.requestBytes,
      });
    });
    socket.on('data', (chunk: Buffer) => {
      receivedAt = monotonicMs();
      try {
        reader.push(chunk);
      } catch (err) {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
        socket.destroy();
      }
    });
    socket.on('error', (err) => (this.failure ??= err));
    socket.on('close', () => this.onClose(this.failure));
  }

  /** Opens the connection; rejects when it is refused or not made within timeoutMs (5 s). */
  static connect(address: string, port: number, options: { timeoutMs?: number } = {}): Promise<InstanceClient> {
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: address, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`instance ${address}:${port}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new InstanceClient(socket));
      });
    });
  }

  /** Queues a task at the instance; returns the frame's size on the wire (bytes). */
  sendTask(task: TaskRequest): number {
    this.socket.cork();
    const bytes = encodeTask(
      {
        taskId: task.taskId,
        role: task.role,
        encoder: EncoderCode[task.encoder],
        coded: task.coded ?? 0,
        samples: task.samples,
        batchSizes: task.groupSizes ?? noBatches,
        serviceMs: task.serviceMs,
        payloadBytes: task.payloadBytes,
      },
      this.write,
    );
    // One writev for header and padding, sent at once (no Nagle: setNoDelay).
    this.socket.uncork();
    return bytes;
  }

  /** Drops the task if still queued; if running, stops it when abortRunning (no result comes back). */
  cancel(taskId: number, abortRunning: boolean): void {
    encodeCancel(taskId, abortRunning, this.write);
  }

  /** Multiplies the instance's service times by `factor` for the tasks it starts from now on. */
  slow(factor: number): void {
    encodeSlow(factor, this.write);
  }

  /** Ends the connection; the instance process exits when it sees the close. */
  close(): void {
    this.socket.end();
  }
}
