import type { Random, RandomStreams } from '../engine/random.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Dispatch, ServiceConfig } from './config.js';
import type { RoleCode } from './outcomes.js';
import { TaskQueue, TaskState, type Tasks } from './tasks.js';

export interface PoolConfig {
  name: string;
  role: RoleCode;
  hosts: readonly number[];
  dispatch: Dispatch;
  service: ServiceConfig;
  tasks: Tasks;
  /** Tasks sent to each host and not yet finished there (what the dispatch policies compare). */
  load: Int32Array;
  streams: RandomStreams;
  /** Hosts in the whole cluster (pools index per-host tables by host). */
  hostCount: number;
}

/**
 * A set of hosts serving one role, and how the frontend hands them work:
 * - `single-queue`: one shared FIFO that free instances pull from (ParM's prototype);
 * - `round-robin`, `shortest-queue`, `power-of-two`: the frontend picks a host when the task is
 *   submitted and the task waits in that host's local queue.
 * The pool only chooses hosts, from the load view it is given; whoever runs tasks sends them.
 * It also owns its instances' service-time streams, so both worlds draw the same service times.
 */
export class Pool {
  private readonly shared: TaskQueue;
  /** Hosts waiting for work (single-queue), oldest first; `isIdle` filters out stale entries. */
  private readonly idle: Int32Array;
  private idleHead = 0;
  private idleCount = 0;
  private readonly isIdle: Uint8Array;
  private roundRobin = 0;
  /** Per host (by its position in the pool), a sampler per batch size: dense, so lookups stay fast. */
  private readonly samplers: Sampler[][];
  private readonly position: Int32Array;
  readonly name: string;
  readonly role: RoleCode;
  readonly hosts: readonly number[];
  readonly dispatch: Dispatch;
  private readonly tasks: Tasks;
  private readonly load: Int32Array;
  private readonly rng: Random;

  constructor({ name, role, hosts, dispatch, service, tasks, load, streams, hostCount }: PoolConfig) {
    this.name = name;
    this.role = role;
    this.hosts = hosts;
    this.dispatch = dispatch;
    this.tasks = tasks;
    this.load = load;
    this.rng = streams.stream(`${name}/dispatch`);
    this.shared = new TaskQueue(tasks);
    this.idle = new Int32Array(hosts.length);
    this.isIdle = new Uint8Array(hostCount);
    // One service-time stream per host and role, independent of what other hosts draw.
    this.position = new Int32Array(hostCount).fill(-1);
    const largest = Math.max(1, ...(service.byBatchSize?.keys() ?? []));
    this.samplers = hosts.map((h, i) => {
      this.position[h] = i;
      const rng = streams.stream(`host-${h}/${name}-service`);
      const base = makeSampler(service.time, rng);
      const profiled = new Map([...(service.byBatchSize ?? [])].map(([size, spec]) => [size, makeSampler(spec, rng)]));
      return Array.from({ length: largest + 1 }, (_, size) => profiled.get(size) ?? base);
    });
  }

  /** Service time (ms at speed 1) of a batch of `size` queries on host h. */
  serviceTime(h: number, size: number): number {
    const bySize = this.samplers[this.position[h]!]!;
    return (bySize[size] ?? bySize[0]!).draw();
  }

  /**
   * Hands a task to the pool: returns the host to send it to now, or -1 when it waits in the
   * shared queue for an instance to pull it. `exclude` must not get it, if there is a choice.
   */
  submit(t: number, exclude = -1): number {
    if (this.dispatch !== 'single-queue') return this.choose(exclude);
    const h = this.takeIdle();
    if (h < 0) {
      this.tasks.state[t] = TaskState.queued;
      this.shared.push(t);
    }
    return h;
  }

  /** A host of a single-queue pool asks for work: the next live task, or -1 (the host then waits). */
  pull(h: number): number {
    for (;;) {
      const t = this.shared.shift();
      if (t < 0) break;
      if (this.tasks.state[t] === TaskState.queued) return t;
    }
    if (!this.isIdle[h]) {
      this.isIdle[h] = 1;
      this.idle[(this.idleHead + this.idleCount++) % this.idle.length] = h;
    }
    return -1;
  }

  /** A failed host leaves the idle list (lazily: its entry is skipped). */
  forget(h: number): void {
    this.isIdle[h] = 0;
  }

  private takeIdle(): number {
    while (this.idleCount > 0) {
      const h = this.idle[this.idleHead]!;
      this.idleHead = (this.idleHead + 1) % this.idle.length;
      this.idleCount--;
      if (this.isIdle[h]) {
        this.isIdle[h] = 0;
        return h;
      }
    }
    return -1;
  }

  private choose(exclude: number): number {
    const hosts = this.hosts;
    const n = hosts.length;
    const out = this.load;
    switch (this.dispatch) {
      case 'round-robin': {
        let h = hosts[this.roundRobin++ % n]!;
        if (h === exclude && n > 1) h = hosts[this.roundRobin++ % n]!;
        return h;
      }
      case 'shortest-queue': {
        let best = -1;
        for (const h of hosts) {
          if (h === exclude && n > 1) continue;
          if (best < 0 || out[h]! < out[best]!) best = h;
        }
        return best;
      }
      case 'power-of-two': {
        // Power of two choices: two distinct random hosts (never `exclude` when avoidable), the less loaded wins.
        const candidates = exclude >= 0 && n > 2 ? hosts.filter((h) => h !== exclude) : hosts;
        const m = candidates.length;
        const i = this.rng.int(m);
        let j = this.rng.int(m - 1);
        if (j >= i) j++;
        const a = candidates[i]!, b = m > 1 ? candidates[j]! : a;
        return out[b]! < out[a]! ? b : a;
      }
      case 'single-queue':
        throw new Error('a single-queue pool has no host to choose: instances pull');
    }
  }
}
