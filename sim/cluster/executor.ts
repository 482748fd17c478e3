import type { Simulation } from '../engine/simulation.js';
import type { Sampler } from '../engine/distributions.js';
import type { Hosts, HostListener } from './hosts.js';
import { FRONTEND, endpointOf, type Network } from './network.js';
import type { Pool } from './pool.js';
import { Placement, type TaskRunner } from './runner.js';
import { TaskQueue, TaskState, transferKey, type Tasks } from './tasks.js';

/**
 * Runs tasks on hosts: the transfer of a task's payload to its host, the host's local queue,
 * service at the host's current speed (rescaled whenever the speed changes mid-service), the
 * output's way back to the frontend, failures and cancellation.
 *
 * An instance of a single-queue pool reserves the task it pulls: it does nothing else until the
 * payload has landed and been served, and it knows when the payload lands, so its service is
 * scheduled at the pull and no event marks the landing (one event fewer per task on the
 * default dispatch). Until then the task counts as running but `serviceStart` is still ahead.
 *
 * With `prefetch` N > 1, an instance of a single-queue pool holds up to N tasks: it pulls while
 * it serves, so the next request travels during the current service and waits in its local
 * queue. Other dispatches already send requests ahead of service; prefetch does not apply there.
 */
export class Executor implements HostListener, TaskRunner {
  /** Tasks sent to each host and not yet finished there (what join-shortest-queue compares). */
  readonly outstanding: Int32Array;
  /** Busy time (ms) per role. */
  readonly busy = new Float64Array(4);
  /** Time (ms) each host was held: serving, or (single-queue, prefetch 1) reserved while its request travelled. */
  readonly held: Float64Array;
  private readonly holdStart: Float64Array;
  private readonly placement: Placement;
  private readonly poolOf: (Pool | undefined)[];
  private readonly pulls: Uint8Array;
  private readonly prefetching: Uint8Array;
  /** The task occupying each host: receiving (single-queue) or running; -1 when free. */
  private readonly current: Int32Array;
  private readonly local: TaskQueue[];
  private readonly token: Int32Array;
  /** 1 when the running task was withdrawn but left to finish: nobody waits for its output. */
  private readonly unwanted: Uint8Array;
  private readonly remaining: Float64Array;
  private readonly speedNow: Float64Array;
  private readonly lastUpdate: Float64Array;
  /** When the running task's service began (or begins: a reserved task's payload may still be on its way). */
  private readonly serviceStart: Float64Array;
  private readonly arriveEvent: number;
  private readonly doneEvent: number;
  private readonly returnEvent: number;
  private readonly landedEvent: number;

  constructor(
    private readonly sim: Simulation,
    private readonly tasks: Tasks,
    private readonly hosts: Hosts,
    private readonly network: Network,
    private readonly responseBytes: Sampler,
    private readonly onResult: (task: number) => void,
    private readonly prefetch = 1,
  ) {
    const n = hosts.count;
    this.held = new Float64Array(n);
    this.holdStart = new Float64Array(n);
    this.outstanding = new Int32Array(n);
    // The placement's tables, read on every event: aliased here to save a hop.
    this.placement = new Placement(n, prefetch);
    this.poolOf = this.placement.poolOf;
    this.pulls = this.placement.pulls;
    this.prefetching = this.placement.prefetching;
    this.current = new Int32Array(n).fill(-1);
    this.local = Array.from({ length: n }, () => new TaskQueue(tasks));
    this.token = new Int32Array(n);
    this.unwanted = new Uint8Array(n);
    this.remaining = new Float64Array(n);
    this.speedNow = new Float64Array(n);
    this.lastUpdate = new Float64Array(n);
    this.serviceStart = new Float64Array(n);
    this.arriveEvent = sim.on((t) => this.arrive(t));
    this.doneEvent = sim.on((h, token) => {
      if (token === this.token[h]) this.finish(h);
    });
    this.returnEvent = sim.on((t) => this.returned(t));
    // A reserved task was withdrawn on its way: the instance is free once the payload has landed.
    this.landedEvent = sim.on((h, token) => {
      if (token !== this.token[h]) return;
      this.release(h);
      this.current[h] = -1;
      this.outstanding[h]!--;
      this.next(h);
    });
    hosts.listen(this, () => sim.now);
  }

  /** Places the pool's hosts; prefetching ones fill up at once. */
  attach(pool: Pool): void {
    this.placement.attach(pool);
    for (const h of pool.hosts) if (this.prefetching[h]) this.refill(h);
  }

  /** Sends task t to host h (the pool decided). */
  send(t: number, h: number): void {
    this.dispatch(t, h);
    if (this.prefetching[h]) this.refill(h);
  }

  /** A prefetching host pulls until it holds `prefetch` tasks or the shared queue is empty (it then waits in the pool's idle list). */
  private refill(h: number): void {
    if (!this.hosts.up[h]) return;
    const pool = this.poolOf[h]!;
    while (this.outstanding[h]! < this.prefetch) {
      const t = pool.pull(h);
      if (t < 0) return;
      this.dispatch(t, h);
    }
  }

  private dispatch(t: number, h: number): void {
    const tasks = this.tasks;
    tasks.host[t] = h;
    this.outstanding[h]!++;
    const transfer = this.network.transfer(FRONTEND, endpointOf(h), tasks.bytes[t]!, transferKey(tasks, t));
    if (this.pulls[h]) this.start(t, h, this.sim.now + transfer);
    else {
      tasks.state[t] = TaskState.sending;
      this.sim.schedule(transfer, this.arriveEvent, t);
    }
  }

  /**
   * Withdraws a task: queued or in transit it is dropped; running, it is aborted if `abortRunning`,
   * else it finishes and its output is ignored.
   */
  cancel(t: number, abortRunning: boolean): void {
    const state = this.tasks.state[t];
    if (state === TaskState.queued || state === TaskState.sending || state === TaskState.waiting) {
      // Dropped lazily: whoever meets it next (a queue, the arriving transfer) skips it.
      this.tasks.state[t] = TaskState.cancelled;
    } else if (state === TaskState.running) {
      const h = this.tasks.host[t]!;
      if (this.sim.now < this.serviceStart[h]!) {
        // Reserved and still on its way: it never runs.
        this.tasks.state[t] = TaskState.cancelled;
        this.sim.at(this.serviceStart[h]!, this.landedEvent, h, ++this.token[h]!);
      } else if (abortRunning) {
        this.stopService(h);
        this.tasks.state[t] = TaskState.cancelled;
        this.outstanding[h]!--;
        this.next(h);
      } else this.unwanted[h] = 1;
    }
  }

  /** A payload reached a host that queues its own tasks. */
  private arrive(t: number): void {
    const tasks = this.tasks;
    const h = tasks.host[t]!;
    if (!this.hosts.up[h]) {
      tasks.state[t] = TaskState.lost;
      this.outstanding[h]!--;
      return;
    }
    if (tasks.state[t] === TaskState.cancelled) {
      this.outstanding[h]!--;
      if (this.prefetching[h]) this.refill(h);
      return;
    }
    if (this.current[h]! < 0) this.start(t, h, this.sim.now);
    else {
      tasks.state[t] = TaskState.waiting;
      this.local[h]!.push(t);
    }
  }

  /** Host h serves task t from time `at` (now, or when a reserved task's payload lands). */
  private start(t: number, h: number, at: number): void {
    this.tasks.state[t] = TaskState.running;
    this.current[h] = t;
    // A reserving instance is held from the pull (now); any other from the start of service.
    this.holdStart[h] = this.pulls[h] ? this.sim.now : at;
    this.unwanted[h] = 0;
    const work = this.poolOf[h]!.serviceTime(h, this.tasks.size[t]!);
    this.remaining[h] = work;
    this.speedNow[h] = this.hosts.speed(h);
    this.lastUpdate[h] = at;
    this.serviceStart[h] = at;
    this.sim.at(at + work / this.speedNow[h]!, this.doneEvent, h, ++this.token[h]!);
  }

  private finish(h: number): void {
    const t = this.current[h]!;
    this.stopService(h);
    this.outstanding[h]!--;
    // The output goes back either way (it takes its share of the NICs), but an unwanted one's
    // arrival concerns nobody, so it needs no event.
    const back = this.network.transfer(endpointOf(h), FRONTEND, this.responseBytes.draw(), transferKey(this.tasks, t));
    if (this.unwanted[h]) this.tasks.state[t] = TaskState.cancelled;
    else {
      this.tasks.state[t] = TaskState.returning;
      this.sim.schedule(back, this.returnEvent, t);
    }
    this.next(h);
  }

  private returned(t: number): void {
    this.tasks.state[t] = TaskState.done;
    this.onResult(t);
  }

  /** Frees host h from its running task, accounting its busy time; its completion event goes stale. */
  private stopService(h: number): void {
    const t = this.current[h]!;
    this.busy[this.tasks.role[t]!]! += this.sim.now - this.serviceStart[h]!;
    this.release(h);
    this.current[h] = -1;
    this.token[h]!++;
  }

  private release(h: number): void {
    this.held[h]! += this.sim.now - this.holdStart[h]!;
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
      if (t < 0) break;
      if (this.tasks.state[t] === TaskState.waiting) {
        this.start(t, h, this.sim.now);
        break;
      }
      this.outstanding[h]!--;
    }
    if (this.prefetching[h]) this.refill(h);
  }

  onSpeedChange(h: number): void {
    const t = this.current[h]!;
    const speed = this.hosts.speed(h);
    if (t < 0 || this.tasks.state[t] !== TaskState.running) {
      this.speedNow[h] = speed;
      return;
    }
    // Work done since the last update at the old speed; none yet if a reserved payload is still on its way.
    const now = this.sim.now;
    const from = Math.max(now, this.lastUpdate[h]!);
    this.remaining[h] = Math.max(0, this.remaining[h]! - Math.max(0, now - this.lastUpdate[h]!) * this.speedNow[h]!);
    this.lastUpdate[h] = from;
    this.speedNow[h] = speed;
    this.sim.at(from + this.remaining[h]! / speed, this.doneEvent, h, ++this.token[h]!);
  }

  onFail(h: number): void {
    const pool = this.poolOf[h];
    if (!pool) return;
    pool.forget(h);
    const t = this.current[h]!;
    if (t >= 0) {
      // A running task's work is lost, and so is a reserved one still on its way (or withdrawn on its way).
      const running = this.tasks.state[t] === TaskState.running;
      if (running && this.sim.now >= this.serviceStart[h]!) this.stopService(h);
      else {
        this.release(h);
        this.current[h] = -1;
        this.token[h]!++;
      }
      if (running) this.tasks.state[t] = TaskState.lost;
      this.outstanding[h]!--;
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
