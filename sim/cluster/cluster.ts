import { Simulation } from '../engine/simulation.js';
import { RandomStreams } from '../engine/random.js';
import { makeSampler } from '../engine/distributions.js';
import type { Dispatch, ServiceConfig, WorldConfig } from './config.js';
import { Hosts } from './hosts.js';
import { Network } from './network.js';
import { startFaults } from './faults/index.js';
import { Workload } from './workload.js';
import { Frontend } from './frontend.js';
import { Executor } from './executor.js';
import { Pool } from './pool.js';
import { Tasks } from './tasks.js';
import type { AnswerCode, Outcomes, RoleCode } from './outcomes.js';

/** What a strategy does with the cluster: react to closed batches and to outputs coming back. */
export interface StrategyRuntime {
  onBatch(batch: number): void;
  onResult(task: number): void;
}

/**
 * One simulated serving cluster for one run: the engine, the hosts with their stragglers and
 * faults, the network, the workload and the frontend. Strategies build pools of hosts on it,
 * create and cancel tasks, and answer batches; everything else happens here.
 */
export class Cluster {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly hosts: Hosts;
  readonly network: Network;
  readonly tasks: Tasks;
  readonly frontend: Frontend;
  readonly exec: Executor;
  readonly provisioned = new Int32Array(4);
  /** Each query's data-set sample index and request payload (bytes). */
  readonly sample: Int32Array;
  readonly payload: Float64Array;
  private readonly workload: Workload;
  private readonly total: number;

  constructor(readonly world: WorldConfig, seed: number, hostCount: number, options: { recordTimeline?: boolean; tasksPerBatch?: number } = {}) {
    this.streams = new RandomStreams(seed);
    this.total = world.warmup + world.queries;
    // Sized from the strategy's estimate (1.5: one copy per batch plus ParM's parity with k = 2);
    // the store still grows if the estimate is short.
    this.tasks = new Tasks(Math.ceil(this.total * (options.tasksPerBatch ?? 1.5)) + 1024);
    this.hosts = new Hosts(hostCount, world.cluster.speeds, world.stragglers.shuffles?.slowdown ?? 1, options.recordTimeline);
    const stall = world.stragglers.shuffles?.stall;
    this.network = new Network(this.sim, world.network, this.streams.stream('network/latency'), this.hosts, stall ? { ...stall, rng: this.streams.stream('network/stalls') } : null);
    this.frontend = new Frontend(this.sim, this.total, world.cluster.batch.size, world.cluster.batch.timeout, world.deadline);
    this.exec = new Executor(this.sim, this.tasks, this.hosts, this.network, makeSampler(world.response, this.streams.stream('responses')), (t) => this.strategy.onResult(t));
    this.sample = new Int32Array(this.total);
    this.payload = new Float64Array(this.total);
    // If queries are still unanswered long after the last arrival, they were lost to failures:
    // stop after as long again as the arrivals took (at least a minute) instead of running forever.
    const drained = this.sim.on(() => this.sim.stop());
    this.workload = new Workload(this.sim, this.streams, world, this.total, this.frontend.arrival, this.sample, this.payload, (q) => {
      this.frontend.arrive(q);
      if (q === this.total - 1) this.sim.schedule(Math.max(60_000, this.sim.now), drained);
    });
    startFaults({ sim: this.sim, streams: this.streams, hosts: this.hosts, network: this.network }, world.stragglers, world.faults);
  }

  private strategy: StrategyRuntime = { onBatch: () => {}, onResult: () => {} };

  /** Hosts [first, first + count) serve `role` from one pool. */
  createPool(name: string, role: RoleCode, first: number, count: number, service: ServiceConfig = this.world.cluster.service, dispatch: Dispatch = this.world.cluster.dispatch): Pool {
    if (first + count > this.hosts.count) throw new Error(`pool ${name} needs hosts up to ${first + count}, the cluster has ${this.hosts.count}`);
    const hosts = Array.from({ length: count }, (_, i) => first + i);
    const pool = new Pool(name, role, hosts, dispatch, this.tasks, this.exec, this.streams.stream(`${name}/dispatch`), service, this.streams, this.hosts.count);
    this.exec.attach(pool);
    this.provisioned[role]! += count;
    return pool;
  }

  /** A new task carrying batch b's queries. */
  batchTask(b: number, role: RoleCode, copy: number): number {
    const f = this.frontend;
    return this.tasks.add(b, role, copy, f.batchSize[b]!, this.batchBytes(b));
  }

  /** Request bytes of batch b: the sum of its queries' payloads. */
  batchBytes(b: number): number {
    const f = this.frontend;
    let bytes = 0;
    for (let q = f.batchStart[b]!, end = q + f.batchSize[b]!; q < end; q++) bytes += this.payload[q]!;
    return bytes;
  }

  /** Answers batch b with the output of task t, or with no task (t = -1: a reconstruction). */
  answerBatch(b: number, how: AnswerCode, t: number): void {
    this.frontend.answerBatch(b, how, t >= 0 ? this.tasks.host[t]! : -1, t);
  }

  /** Runs to the end: every query answered, or the drain limit after the last arrival passed. */
  run(strategy: StrategyRuntime): Outcomes {
    this.strategy = strategy;
    this.frontend.onBatch = (b) => strategy.onBatch(b);
    this.workload.start();
    this.sim.run();
    this.frontend.markLost();
    return this.outcomes();
  }

  private outcomes(): Outcomes {
    const f = this.frontend;
    return {
      count: this.total,
      warmup: this.world.warmup,
      arrival: f.arrival,
      latency: f.latency,
      answer: f.answer,
      host: f.host,
      sample: this.sample,
      payload: this.payload,
      batch: f.batch,
      batchCount: f.batchCount,
      batchStart: f.batchStart.subarray(0, f.batchCount),
      batchSize: f.batchSize.subarray(0, f.batchCount),
      batchGroup: f.batchGroup.subarray(0, f.batchCount),
      groupCount: f.groupCount,
      groupStart: f.groupStart.subarray(0, f.groupCount),
      groupSize: f.groupSize.subarray(0, f.groupCount),
      busy: this.exec.busy,
      hosts: this.provisioned,
      endTime: this.sim.now,
      events: this.sim.events,
      answerTask: f.answerTask,
      taskState: this.tasks.state.subarray(0, this.tasks.count),
      timeline: this.hosts.timeline,
    };
  }
}
