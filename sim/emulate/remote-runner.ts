import type { Simulation } from '../engine/simulation.js';
import type { HostListener, Hosts } from '../cluster/hosts.js';
import type { Pool } from '../cluster/pool.js';
import { Placement, type TaskRunner } from '../cluster/runner.js';
import { TaskState, type Tasks } from '../cluster/tasks.js';
import type { TaskResult } from './instance/client.js';

/** What the runner needs to put a task on the wire: its samples, coding and request size. */
export interface TaskWire {
  /** Sends task t to host h's instance (the instance pads its service to `serviceMs`). */
  send(h: number, t: number, serviceMs: number): void;
  cancel(h: number, t: number, abortRunning: boolean): void;
  /** Host h's instance now serves `factor` times slower (1: nominal). */
  slow(h: number, factor: number): void;
  /** Host h fails: its instance process is killed, and with it everything it held. */
  fail(h: number): void;
  /** Host h recovers: a fresh instance process starts (sends wait until it is up). */
  recover(h: number): void;
}

/** Per task, when each step happened (ms since the run started; NaN: never). */
export class TaskTimes {
  sent: Float64Array;
  landed: Float64Array;
  start: Float64Array;
  end: Float64Array;
  received: Float64Array;
  lateness: Float64Array;

  constructor(capacity: number) {
    this.sent = new Float64Array(capacity).fill(NaN);
    this.landed = new Float64Array(capacity).fill(NaN);
    this.start = new Float64Array(capacity).fill(NaN);
    this.end = new Float64Array(capacity).fill(NaN);
    this.received = new Float64Array(capacity).fill(NaN);
    this.lateness = new Float64Array(capacity).fill(NaN);
  }

  ensure(t: number): void {
    if (t < this.sent.length) return;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(Math.max(t + 1, a.length * 2)).fill(NaN);
      b.set(a);
      return b;
    };
    this.sent = grow(this.sent);
    this.landed = grow(this.landed);
    this.start = grow(this.start);
    this.end = grow(this.end);
    this.received = grow(this.received);
    this.lateness = grow(this.lateness);
  }
}

/**
 * Runs tasks on the emulated cluster's instances, over real TCP: the same bookkeeping the
 * simulated executor keeps (outstanding tasks per host, single-queue pulls, busy time per role),
 * with the work itself done by real instance processes. Service times are drawn here, from the
 * pool's streams, in the order tasks start on each instance — as the simulator draws them.
 *
 * Every task sent is heard of again: the instance answers each with its output, or with an empty
 * result when it dropped or aborted it; only then is the instance free for the next pull.
 */
export class RemoteRunner implements TaskRunner, HostListener {
  readonly outstanding: Int32Array;
  readonly busy = new Float64Array(4);
  readonly times: TaskTimes;
  private readonly placement: Placement;
  private readonly poolOf: (Pool | undefined)[];
  private readonly pulls: Uint8Array;
  private readonly resultEvent: number;

  constructor(
    private readonly sim: Simulation,
    private readonly tasks: Tasks,
    private readonly hosts: Hosts,
    private readonly wire: TaskWire,
    private readonly onResult: (t: number) => void,
  ) {
    const n = hosts.count;
    this.outstanding = new Int32Array(n);
    this.placement = new Placement(n);
    this.poolOf = this.placement.poolOf;
    this.pulls = this.placement.pulls;
    this.times = new TaskTimes(1024);
    this.resultEvent = sim.on((t, delivered) => this.returned(t, delivered === 1));
    hosts.listen(this, () => sim.now);
  }

  attach(pool: Pool): void {
    this.placement.attach(pool);
  }

  send(t: number, h: number): void {
    const tasks = this.tasks;
    tasks.host[t] = h;
    tasks.state[t] = TaskState.sending;
    this.outstanding[h]!++;
    this.times.ensure(t);
    this.times.sent[t] = this.sim.now;
    if (!this.hosts.up[h]) {
      // Sent to a failed instance: nobody will ever answer.
      tasks.state[t] = TaskState.lost;
      this.outstanding[h]!--;
      return;
    }
    this.wire.send(h, t, this.poolOf[h]!.serviceTime(h, tasks.size[t]!));
  }

  cancel(t: number, abortRunning: boolean): void {
    const tasks = this.tasks;
    const state = tasks.state[t];
    if (state === TaskState.queued) tasks.state[t] = TaskState.cancelled; // still in the pool's queue: skipped there
    else if (state === TaskState.sending) {
      tasks.state[t] = TaskState.cancelled;
      this.wire.cancel(tasks.host[t]!, t, abortRunning);
    }
  }

  /** An instance's answer to task t reached the frontend (called by the world with the clock set). */
  deliver(result: TaskResult, t: number, toRunTime: (monotonic: number) => number): void {
    const times = this.times;
    times.landed[t] = toRunTime(result.landedAt);
    times.start[t] = toRunTime(result.startAt);
    times.end[t] = toRunTime(result.endAt);
    times.received[t] = toRunTime(result.receivedAt);
    times.lateness[t] = result.latenessMs;
    const served = result.endAt > result.startAt;
    if (served) this.busy[this.tasks.role[t]!]! += result.endAt - result.startAt;
    this.sim.inject(times.received[t]!, this.resultEvent, t, result.logits.length > 0 ? 1 : 0);
  }

  private returned(t: number, delivered: boolean): void {
    const tasks = this.tasks;
    const h = tasks.host[t]!;
    if (tasks.state[t] === TaskState.lost) return; // its instance failed meanwhile: already accounted
    this.outstanding[h]!--;
    const wanted = tasks.state[t] === TaskState.sending && delivered;
    tasks.state[t] = wanted ? TaskState.done : TaskState.cancelled;
    this.next(h);
    if (wanted) this.onResult(t);
  }

  /** Host h has room: a single-queue instance pulls its next task. */
  private next(h: number): void {
    if (!this.pulls[h] || !this.hosts.up[h] || this.outstanding[h]! > 0) return;
    const t = this.poolOf[h]!.pull(h);
    if (t >= 0) this.send(t, h);
  }

  onSpeedChange(h: number): void {
    this.wire.slow(h, 1 / this.hosts.speed(h));
  }

  /** The instance is stopped: what it held is lost (the world stops the process). */
  onFail(h: number): void {
    const pool = this.poolOf[h];
    if (!pool) return;
    pool.forget(h);
    for (let t = 0; t < this.tasks.count; t++) {
      if (this.tasks.host[t] === h && this.tasks.state[t] === TaskState.sending) this.tasks.state[t] = TaskState.lost;
    }
    // Withdrawn tasks it still held go with it too.
    this.outstanding[h] = 0;
    this.wire.fail(h);
  }

  onRecover(h: number): void {
    if (!this.poolOf[h]) return;
    this.wire.recover(h);
    this.next(h);
  }
}
