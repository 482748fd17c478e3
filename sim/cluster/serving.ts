import type { Random } from '../engine/random.js';
import type { ServiceConfig } from './config.js';
import type { AnswerCode, RoleCode } from './outcomes.js';

/** A pool of instances, as a strategy holds it. */
export type PoolId = number & { readonly __pool: unique symbol };
/** A typed timer: one handler, registered once, fired with one integer (a batch, a group…). */
export type Timer = number & { readonly __timer: unique symbol };
/** What happens to a running copy when it is cancelled: stopped at once, or left to finish unheard. */
export type IfRunning = 'abort' | 'finish';

/**
 * Everything a strategy may ask of the serving cluster, and nothing else. The simulated cluster
 * implements it in simulated time; the emulated cluster in real time, over real TCP to real
 * instances. A strategy written against it runs unchanged in both worlds.
 *
 * Batches, tasks and groups are integers: a batch is a closed set of consecutive queries, a task
 * one unit of work on one instance (a copy of a batch, or a coded task for a group), a group k
 * consecutive batches coded together.
 */
export interface Serving {
  /** Milliseconds since the run started. */
  readonly now: number;

  // Setup, while the strategy is being built.
  /** A pool of `instances` hosts serving `role` (hosts are numbered in order of creation). */
  pool(name: string, role: RoleCode, instances: number, service?: ServiceConfig): PoolId;
  /** A named random stream of this run (the same in every strategy: common random numbers). */
  stream(name: string): Random;
  /** Registers a timer handler. */
  timer(handler: (arg: number) => void): Timer;

  // Verbs.
  /** Sends batch b to the pool as a task of `role`, copy number `copy`; never to the host of task `avoid` when the pool has a choice. Returns the task. */
  send(pool: PoolId, batch: number, role: RoleCode, copy: number, avoid?: number): number;
  /** Sends coded task number `copy` (default 0) for group g (as large as its largest batch). Returns the task. */
  sendGroup(pool: PoolId, group: number, role: RoleCode, copy?: number): number;
  /** Withdraws a task: dropped if it has not started; if running, aborted or left to finish. */
  cancel(task: number, ifRunning: IfRunning): void;
  /** Answers batch b's unanswered queries, with the output of `task` or (task -1) with a reconstruction. */
  answer(batch: number, how: AnswerCode, task?: number): void;
  isAnswered(batch: number): boolean;
  /** Forms a coding group of `count` consecutive batches from `first`; returns the group. */
  formGroup(first: number, count: number): number;
  /**
   * Records which of group g's answers a decode of it reads (a bit mask, the strategy's own
   * numbering), so the predict phase decodes from exactly those: a decoder whose result depends
   * on which answers it had (Berrut's) is scored as it really decoded.
   */
  noteDecode(group: number, answers: number): void;
  /** Fires `timer` with `arg` after `delay` ms, or at time `time`. */
  after(delay: number, timer: Timer, arg?: number): void;
  at(time: number, timer: Timer, arg?: number): void;

  // What a strategy may read.
  /** The batch a task carries (for a coded task: its group). */
  batchOf(task: number): number;
  roleOf(task: number): RoleCode;
  copyOf(task: number): number;
  /** When batch b was closed and handed to the strategy. */
  closedAt(batch: number): number;
  batchSize(batch: number): number;
  /** The coding group of batch b, -1 if none. */
  groupOf(batch: number): number;
  groupFirst(group: number): number;
  groupSize(group: number): number;
}

/** A strategy's reactions: to each closed batch, and to each output that comes back. */
export interface Strategy {
  onBatch(batch: number): void;
  onResult(task: number): void;
}
