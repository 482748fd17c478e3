import type { Simulation } from '../engine/simulation.js';
import { Answer, type AnswerCode } from './outcomes.js';

/**
 * The frontend's bookkeeping: it groups arriving queries into batches (up to `size` queries, or
 * what has arrived `timeout` ms after the batch's first query), hands each closed batch to the
 * strategy, records every query's first answer, and gives the default answer at the deadline.
 */
export class Frontend {
  readonly arrival: Float64Array;
  readonly latency: Float64Array;
  readonly answer: Uint8Array;
  readonly host: Int16Array;
  /** The task whose output answered the query (-1: default, lost, or reconstructed). */
  readonly answerTask: Int32Array;
  readonly batch: Int32Array;
  // There are at most as many batches (and coding groups) as queries: sized once, never grown.
  batchCount = 0;
  readonly batchStart: Int32Array;
  readonly batchSize: Int32Array;
  readonly batchGroup: Int32Array;
  /** When the batch was closed and handed to the strategy. */
  readonly batchTime: Float64Array;
  /** Set once the batch's queries have their answer (from any copy). */
  readonly batchDone: Uint8Array;
  groupCount = 0;
  readonly groupStart: Int32Array;
  readonly groupSize: Int32Array;
  answered = 0;
  private open = -1;
  private readonly timeoutEvent: number;
  private readonly deadlineEvent: number;
  onBatch: (batch: number) => void = () => {};

  constructor(
    private readonly sim: Simulation,
    readonly total: number,
    private readonly batchLimit: number,
    private readonly batchTimeout: number,
    private readonly deadline: number | undefined,
  ) {
    this.arrival = new Float64Array(total);
    this.latency = new Float64Array(total);
    this.answer = new Uint8Array(total);
    this.host = new Int16Array(total).fill(-1);
    this.answerTask = new Int32Array(total).fill(-1);
    this.batch = new Int32Array(total);
    this.batchStart = new Int32Array(total);
    this.batchSize = new Int32Array(total);
    this.batchGroup = new Int32Array(total);
    this.batchTime = new Float64Array(total);
    this.batchDone = new Uint8Array(total);
    this.groupStart = new Int32Array(total);
    this.groupSize = new Int32Array(total);
    this.timeoutEvent = sim.on((b) => {
      if (b === this.open) this.close();
    });
    this.deadlineEvent = sim.on((q) => {
      if (this.answer[q] === Answer.unanswered) this.answerQuery(q, Answer.default, -1, -1);
    });
  }

  /** A query arrived (its arrival time is already recorded). */
  arrive(q: number): void {
    if (this.deadline !== undefined) this.sim.schedule(this.deadline, this.deadlineEvent, q);
    if (this.open < 0) {
      const b = this.batchCount++;
      this.batchStart[b] = q;
      this.batchSize[b] = 0;
      this.batchGroup[b] = -1;
      this.open = b;
      if (this.batchLimit > 1 && this.batchTimeout > 0) this.sim.schedule(this.batchTimeout, this.timeoutEvent, b);
    }
    const b = this.open;
    this.batch[q] = b;
    if (++this.batchSize[b]! >= this.batchLimit || this.batchTimeout <= 0) this.close();
  }

  /** Closes the open batch now and hands it to the strategy. */
  close(): void {
    const b = this.open;
    if (b < 0) return;
    this.open = -1;
    this.batchTime[b] = this.sim.now;
    this.onBatch(b);
  }

  /** Answers the batch's unanswered queries with the output of `task` on `host` (-1, -1 for none). */
  answerBatch(b: number, how: AnswerCode, host: number, task: number): void {
    this.batchDone[b] = 1;
    const end = this.batchStart[b]! + this.batchSize[b]!;
    for (let q = this.batchStart[b]!; q < end; q++) {
      if (this.answer[q] === Answer.unanswered) this.answerQuery(q, how, host, task);
    }
  }

  answerQuery(q: number, how: AnswerCode, host: number, task: number): void {
    this.answer[q] = how;
    this.latency[q] = this.sim.now - this.arrival[q]!;
    this.host[q] = host;
    this.answerTask[q] = task;
    if (++this.answered === this.total) this.sim.stop();
  }

  /** Records a coding group of `size` consecutive batches starting at `first`; returns its id. */
  addGroup(first: number, size: number): number {
    const g = this.groupCount++;
    this.groupStart[g] = first;
    this.groupSize[g] = size;
    for (let b = first; b < first + size; b++) this.batchGroup[b] = g;
    return g;
  }

  /**
   * Gives every query that never got an answer an infinite latency and a mark: `unfinished`
   * where `live[b]` says batch b still had work in the cluster, `lost` where nothing of it was
   * left (or without `live`).
   */
  markUnanswered(live?: Uint8Array): void {
    for (let q = 0; q < this.total; q++) {
      if (this.answer[q] === Answer.unanswered) {
        this.answer[q] = live?.[this.batch[q]!] ? Answer.unfinished : Answer.lost;
        this.latency[q] = Infinity;
      }
    }
  }
}
