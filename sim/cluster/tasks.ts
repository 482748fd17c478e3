import { grown } from './grow.js';
import type { RoleCode } from './outcomes.js';

/**
 * Where a task is. A task is one unit of work sent to an instance: a copy of a batch, a parity
 * batch or a backup request.
 */
export const TaskState = {
  /** In a pool's shared queue. */
  queued: 0,
  /** On the network towards its host. */
  sending: 1,
  /** In its host's local queue. */
  waiting: 2,
  running: 3,
  /** Its output is on the network back to the frontend. */
  returning: 4,
  done: 5,
  cancelled: 6,
  /** Its host failed while it was there. */
  lost: 7,
} as const;

/** All tasks of a run, as a structure of arrays that grows as tasks are created. */
export class Tasks {
  count = 0;
  /** The batch it serves (for a parity task: the coding group). */
  target: Int32Array;
  role: Uint8Array;
  /** 0 for the first copy of a batch, 1, 2, … for further copies. */
  copy: Uint8Array;
  state: Uint8Array;
  host: Int16Array;
  /** Next task in whatever queue this one is in (-1 at the end). */
  next: Int32Array;
  bytes: Float64Array;
  /** Number of queries it carries (its batch size). */
  size: Int32Array;

  /** `capacity` is an estimate (the arrays grow past it); a good one saves copying. */
  constructor(capacity = 1024) {
    this.target = new Int32Array(capacity);
    this.role = new Uint8Array(capacity);
    this.copy = new Uint8Array(capacity);
    this.state = new Uint8Array(capacity);
    this.host = new Int16Array(capacity);
    this.next = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.size = new Int32Array(capacity);
  }

  add(target: number, role: RoleCode, copy: number, size: number, bytes: number): number {
    const t = this.count++;
    if (t >= this.target.length) this.grow(t + 1);
    this.target[t] = target;
    this.role[t] = role;
    this.copy[t] = copy;
    this.state[t] = TaskState.queued;
    this.host[t] = -1;
    this.next[t] = -1;
    this.bytes[t] = bytes;
    this.size[t] = size;
    return t;
  }

  private grow(min: number): void {
    this.target = grown(this.target, min);
    this.role = grown(this.role, min);
    this.copy = grown(this.copy, min);
    this.state = grown(this.state, min);
    this.host = grown(this.host, min);
    this.next = grown(this.next, min);
    this.bytes = grown(this.bytes, min);
    this.size = grown(this.size, min);
  }
}

/** A FIFO of tasks threaded through Tasks.next, so queueing allocates nothing. */
export class TaskQueue {
  head = -1;
  tail = -1;
  length = 0;

  constructor(private readonly tasks: Tasks) {}

  push(t: number): void {
    this.tasks.next[t] = -1;
    if (this.tail < 0) this.head = t;
    else this.tasks.next[this.tail] = t;
    this.tail = t;
    this.length++;
  }

  /** Removes and returns the first task, or -1. */
  shift(): number {
    const t = this.head;
    if (t < 0) return -1;
    this.head = this.tasks.next[t]!;
    if (this.head < 0) this.tail = -1;
    this.length--;
    return t;
  }
}

/**
 * A task's identity across strategies: its batch (or group), role and copy. Two strategies that
 * both send the first data copy of batch 7 make "the same" transfer, and draw the same luck for it.
 */
export function transferKey(tasks: Tasks, t: number): number {
  return tasks.target[t]! * 1024 + tasks.role[t]! * 256 + tasks.copy[t]!;
}
