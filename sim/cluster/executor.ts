import type { Simulation } from '../engine/simulation.js';
import type { Sampler } from '../engine/distributions.js';
import type { Hosts, HostListener } from './hosts.js';
import { FRONTEND, endpointOf, type Network } from './network.js';
import type { Pool } from './pool.js';
import { TaskQueue, TaskState, type Tasks } from './tasks.js';

/**
 * Runs tasks on hosts: the transfer of a task's payload to its host, the host's local queue,
 * service at the host's current speed (rescaled whenever the speed changes mid-service), the
 * output's way back to the frontend, failures and cancellation.
 */
export class Executor implements HostListener {
  /** Tasks sent to each host and not yet finished there (what join-shortest-queue compares). */
  readonly outstanding: Int32Array;
  /** Busy time (ms) per role. */
  readonly busy = new Float64Array(4);
  private readonly poolOf: (Pool | undefined)[];
  /** 1 where the host's pool is a single shared queue its instances pull from (set once, read per event). */
  private readonly pulls: Uint8Array;
  /** The task occupying each host: receiving (single-queue) or running; -1 when free. */
  private readonly current: Int32Array;
  private readonly local: TaskQueue[];
  private readonly token: Int32Array;
  private readonly remaining: Float64Array;
  private readonly speedNow: Float64Array;
  private readonly lastUpdate: Float64Array;
  private readonly busySince: Float64Array;
  private readonly arriveEvent: number;
  private readonly doneEvent: number;
  private readonly returnEvent: number;

  constructor(
    private readonly sim: Simulation,
    private readonly tasks: Tasks,
    private readonly hosts: Hosts,
    private readonly network: Network,
    private readonly responseBytes: Sampler,
    private readonly onResult: (task: number) => void,
  ) {
    const n = hosts.count;
    this.outstanding = new Int32Array(n);
    this.poolOf = new Array<Pool | undefined>(n);
    this.pulls = new Uint8Array(n);
    this.current = new Int32Array(n).fill(-1);
    this.local = Array.from({ length: n }, () => new TaskQueue(tasks));
    this.token = new Int32Array(n);
    this.remaining = new Float64Array(n);
    this.speedNow = new Float64Array(n);
    this.lastUpdate = new Float64Array(n);
    this.busySince = new Float64Array(n);
    this.arriveEvent = sim.on((t) => this.arrive(t));
    this.doneEvent = sim.on((h, token) => {
      if (token === this.token[h]) this.finish(h);
    });
    this.returnEvent = sim.on((t) => this.returned(t));
    hosts.listen(this, () => sim.now);
  }

  /** Places the pool's hosts; a single-queue pool's hosts start by asking for work. */
  attach(pool: Pool): void {
    const pulls = pool.dispatch === 'single-queue';
    for (const h of pool.hosts) {
      this.poolOf[h] = pool;
      this.pulls[h] = pulls ? 1 : 0;
    }
    if (pulls) for (const h of pool.hosts) pool.pull(h);
  }

  /** Sends task t to host h (the pool decided). */
  send(t: number, h: number): void {
    const tasks = this.tasks;
    tasks.state[t] = TaskState.sending;
    tasks.host[t] = h;
    this.outstanding[h]!++;
    // A single-queue instance pulled this task: it is reserved until the payload arrives.
    if (this.pulls[h]) this.current[h] = t;
    this.sim.schedule(this.network.startTransfer(FRONTEND, endpointOf(h), tasks.bytes[t]!), this.arriveEvent, t);
  }

  /** Withdraws a task: queued or in transit it is dropped; running, it is aborted only if `abortRunning`. */
  cancel(t: number, abortRunning: boolean): void {
    const state = this.tasks.state[t];
    if (state === TaskState.queued || state === TaskState.sending || state === TaskState.waiting) {
      // Dropped lazily: whoever meets it next (a queue, the arriving transfer) skips it.
      this.tasks.state[t] = TaskState.cancelled;
    } else if (state === TaskState.running && abortRunning) {
      const h = this.tasks.host[t]!;
      this.stopService(h);
      this.tasks.state[t] = TaskState.cancelled;
      this.outstanding[h]!--;
      this.next(h);
    }
  }

  private arrive(t: number): void {
    const tasks = this.tasks;
    const h = tasks.host[t]!;
    this.network.endTransfer(FRONTEND, endpointOf(h), tasks.bytes[t]!);
    const reserved = this.pulls[h] === 1;
    // Lost if the host is down, or failed (and perhaps recovered) while this payload was on its way.
    if (!this.hosts.up[h] || (reserved && this.current[h] !== t && tasks.state[t] !== TaskState.cancelled)) {
      tasks.state[t] = TaskState.lost;
      this.outstanding[h]!--;
      return;
    }
    if (tasks.state[t] === TaskState.cancelled) {
      this.outstanding[h]!--;
      if (reserved && this.current[h] === t) {
        this.current[h] = -1;
        this.next(h);
      }
      return;
    }
    if (reserved || this.current[h]! < 0) this.start(t, h);
    else {
      tasks.state[t] = TaskState.waiting;
      this.local[h]!.push(t);
    }
  }

  private start(t: number, h: number): void {
    const tasks = this.tasks;
    tasks.state[t] = TaskState.running;
    this.current[h] = t;
    const work = this.poolOf[h]!.serviceTime(h, tasks.size[t]!);
    this.remaining[h] = work;
    this.speedNow[h] = this.hosts.speed(h);
    this.lastUpdate[h] = this.sim.now;
    this.busySince[h] = this.sim.now;
    this.sim.schedule(work / this.speedNow[h]!, this.doneEvent, h, ++this.token[h]!);
  }

  private finish(h: number): void {
    const t = this.current[h]!;
    this.stopService(h);
    this.outstanding[h]!--;
    const tasks = this.tasks;
    tasks.state[t] = TaskState.returning;
    const bytes = this.responseBytes();
    tasks.bytes[t] = bytes;
    this.sim.schedule(this.network.startTransfer(endpointOf(h), FRONTEND, bytes), this.returnEvent, t);
    this.next(h);
  }

  private returned(t: number): void {
    const tasks = this.tasks;
    this.network.endTransfer(endpointOf(tasks.host[t]!), FRONTEND, tasks.bytes[t]!);
    tasks.state[t] = TaskState.done;
    this.onResult(t);
  }

  /** Frees host h from its running task, accounting its busy time; its completion event goes stale. */
  private stopService(h: number): void {
    const t = this.current[h]!;
    this.busy[this.tasks.role[t]!]! += this.sim.now - this.busySince[h]!;
    this.current[h] = -1;
    this.token[h]!++;
  }

  /** Host h is free: take the next task from its local queue or its pool. */
  private next(h: number): void {
    if (!this.hosts.up[h]) return;
    const pool = this.poolOf[h]!;
    if (this.pulls[h]) {
      const t = pool.pull(h);
      if (t >= 0) this.send(t, h);
      return;
    }
    const queue = this.local[h]!;
    for (;;) {
      const t = queue.shift();
      if (t < 0) return;
      if (this.tasks.state[t] === TaskState.waiting) return this.start(t, h);
      this.outstanding[h]!--;
    }
  }

  onSpeedChange(h: number): void {
    const t = this.current[h]!;
    const speed = this.hosts.speed(h);
    if (t < 0 || this.tasks.state[t] !== TaskState.running) {
      this.speedNow[h] = speed;
      return;
    }
    const now = this.sim.now;
    this.remaining[h] = Math.max(0, this.remaining[h]! - (now - this.lastUpdate[h]!) * this.speedNow[h]!);
    this.lastUpdate[h] = now;
    this.speedNow[h] = speed;
    this.sim.schedule(this.remaining[h]! / speed, this.doneEvent, h, ++this.token[h]!);
  }

  onFail(h: number): void {
    const pool = this.poolOf[h];
    if (!pool) return;
    pool.forget(h);
    const t = this.current[h]!;
    if (t >= 0) {
      // A running task's work is lost; a task still on its way is lost when it arrives.
      if (this.tasks.state[t] === TaskState.running) {
        this.stopService(h);
        this.tasks.state[t] = TaskState.lost;
        this.outstanding[h]!--;
      } else this.current[h] = -1;
    }
    const queue = this.local[h]!;
    for (let q = queue.shift(); q >= 0; q = queue.shift()) {
      if (this.tasks.state[q] === TaskState.waiting) this.tasks.state[q] = TaskState.lost;
      this.outstanding[h]!--;
    }
  }

  onRecover(h: number): void {
    if (this.poolOf[h] && this.current[h]! < 0) this.next(h);
  }
}
