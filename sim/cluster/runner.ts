import type { Simulation } from '../engine/simulation.js';
import type { RandomStreams } from '../engine/random.js';
import type { WorldConfig } from './config.js';
import type { Hosts } from './hosts.js';
import type { Pool } from './pool.js';
import type { Tasks } from './tasks.js';
import type { Recoveries } from './tcp-recovery.js';

/**
 * What runs tasks on hosts: the simulated executor over the simulated network, or the emulated
 * cluster's instances over real TCP. The cluster and its pools see only this.
 */
export interface TaskRunner {
  /** Tasks sent to each host and not yet finished there: the load view pools choose hosts from. */
  readonly outstanding: Int32Array;
  /** Busy time (ms) per role. */
  readonly busy: Float64Array;
  /** Time (ms) each host was held by a task: serving it, or reserved while its request travels. */
  readonly held?: Float64Array;
  /** Places a pool's hosts; a single-queue pool's hosts start by asking it for work. */
  attach(pool: Pool): void;
  /** Sends task t to host h (its pool chose h). */
  send(t: number, h: number): void;
  /** Withdraws task t: dropped if not started; running, aborted if `abortRunning`, else left to finish unheard. */
  cancel(t: number, abortRunning: boolean): void;
}

/**
 * Which pool each host serves, and how its instances take work from a single-queue pool: one at
 * a time, pulling when free (`pulls`), or up to `prefetch` at once, pulling while they serve
 * (`prefetching`). The per-host placement both worlds' runners keep.
 */
export class Placement {
  readonly poolOf: (Pool | undefined)[];
  /** 1 where the host's pool is a single shared queue its instances pull from when free (set once, read per event). */
  readonly pulls: Uint8Array;
  /** 1 where the host is of a single-queue pool and holds up to `prefetch` tasks (prefetch > 1). */
  readonly prefetching: Uint8Array;

  constructor(hostCount: number, private readonly prefetch = 1) {
    this.poolOf = new Array<Pool | undefined>(hostCount);
    this.pulls = new Uint8Array(hostCount);
    this.prefetching = new Uint8Array(hostCount);
  }

  /** Places the pool's hosts; those that pull when free start by asking it for work. */
  attach(pool: Pool): void {
    const shared = pool.dispatch === 'single-queue';
    const pulls = shared && this.prefetch <= 1;
    for (const h of pool.hosts) {
      this.poolOf[h] = pool;
      this.pulls[h] = pulls ? 1 : 0;
      this.prefetching[h] = shared && !pulls ? 1 : 0;
    }
    if (pulls) for (const h of pool.hosts) pool.pull(h);
  }
}

/** Carries background bulk flows between hosts (shuffles): simulated fluid flows or real TCP. */
export interface FlowCarrier {
  readonly hasBandwidth: boolean;
  /** Reserves `slots` flow slots; `onDone(slot)` is called when a slot's flow finishes. */
  setupFlows(slots: number, onDone: (slot: number) => void): void;
  /** Starts flow `slot` of `bytes` from host `src` to host `dst`. */
  startFlow(slot: number, src: number, dst: number, bytes: number): void;
  /** Where the carrier models TCP's recovery of query messages (the switch-port model): how it recovered them, by sending side. */
  readonly recoveries?: Recoveries;
}

/** The parts of a cluster a world's runner and flow carrier are built on. */
export interface WorldParts {
  sim: Simulation;
  streams: RandomStreams;
  world: WorldConfig;
  hosts: Hosts;
  tasks: Tasks;
  /** Call when task t's output is back at the frontend. */
  onResult: (t: number) => void;
}

/** How one world runs tasks and carries flows. */
export type Substrate = (parts: WorldParts) => { runner: TaskRunner; flows: FlowCarrier };
