import { Simulation } from '../engine/simulation.js';
import { RandomStreams, type Random } from '../engine/random.js';
import { drainLimit, type ServiceConfig, type WorldConfig } from './config.js';
import { Hosts } from './hosts.js';
import { Workload } from './workload.js';
import { Frontend } from './frontend.js';
import { Pool } from './pool.js';
import { Tasks, TaskState } from './tasks.js';
import { Role, type AnswerCode, type BacklogSamples, type Outcomes, type RoleCode } from './outcomes.js';
import type { FlowCarrier, Substrate, TaskRunner } from './runner.js';
import type { IfRunning, PoolId, Serving, Strategy, Timer } from './serving.js';

/**
 * One serving cluster for one run: the clock, the hosts with their condition, the workload, the
 * frontend and the pools, implementing the strategy interface (Serving). What runs tasks and
 * carries flows is the world's (`substrate`): simulated (simulated.ts: executor and network) or real
 * (sim/emulate: instance processes over TCP).
 */
export class Cluster implements Serving {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly hosts: Hosts;
  readonly tasks: Tasks;
  readonly frontend: Frontend;
  readonly runner: TaskRunner;
  readonly flows: FlowCarrier;
  readonly pools: Pool[] = [];
  /** When recording: the shuffles' legs (Outcomes.shuffleLegs), filled by the fault process. */
  readonly shuffleLegs: number[] | null;
  readonly provisioned = new Int32Array(4);
  /** Each query's data-set sample index and request payload (bytes). */
  readonly sample: Int32Array;
  readonly payload: Float64Array;
  private readonly workload: Workload;
  private readonly total: number;
  private nextHost = 0;
  /** Work in the cluster at BACKLOG_SAMPLES + 1 evenly spaced arrivals of the measured queries. */
  private readonly backlog: BacklogSamples = { tasks: new Float64Array(BACKLOG_SAMPLES + 1), created: new Float64Array(BACKLOG_SAMPLES + 1) };
  private nextSample = 0;
  /** The query at whose arrival the next backlog sample is taken (kept, so an arrival costs one comparison). */
  private nextSampleQuery = -1;
  /** Tasks below this index have all ended (done, cancelled or lost): counting starts here. */
  private settled = 0;
  private strategy: Strategy = { onBatch: () => {}, onResult: () => {} };
  /** Per coding group, the answers its decode read (noteDecode); null until a strategy notes one. */
  private decodedFrom: Uint32Array | null = null;

  constructor(readonly world: WorldConfig, seed: number, hostCount: number, substrate: Substrate, options: { recordTimeline?: boolean; tasksPerBatch?: number; flowSlowdown?: number } = {}) {
    this.streams = new RandomStreams(seed);
    this.total = world.warmup + world.queries;
    this.nextSampleQuery = this.sampleAt(0);
    // Sized from the strategy's estimate (1.5: one copy per batch plus ParM's parity with k = 2);
    // the store still grows if the estimate is short.
    this.tasks = new Tasks(Math.ceil(this.total * (options.tasksPerBatch ?? 1.5)) + 1024);
    this.hosts = new Hosts(hostCount, world.cluster.speeds, options.flowSlowdown ?? world.stragglers.shuffles?.slowdown ?? 1, options.recordTimeline);
    this.shuffleLegs = options.recordTimeline ? [] : null;
    this.frontend = new Frontend(this.sim, this.total, world.cluster.batch.size, world.cluster.batch.timeout, world.deadline);
    const { runner, flows } = substrate({ sim: this.sim, streams: this.streams, world, hosts: this.hosts, tasks: this.tasks, onResult: (t) => this.strategy.onResult(t) });
    this.runner = runner;
    this.flows = flows;
    this.sample = new Int32Array(this.total);
    this.payload = new Float64Array(this.total);
    // Queries still unanswered long after the last arrival were lost to failures or left behind by
    // a cluster that could not keep up: stop at the drain limit instead of running forever.
    const drained = this.sim.on(() => this.sim.stop());
    this.workload = new Workload(this.sim, this.streams, world, this.total, this.frontend.arrival, this.sample, this.payload, (q) => {
      this.frontend.arrive(q);
      if (q === this.nextSampleQuery) this.sampleBacklog();
      if (q === this.total - 1) this.sim.schedule(drainLimit(world, this.sim.now), drained);
    });
  }

  // Serving: setup.
  get now(): number {
    return this.sim.now;
  }

  pool(name: string, role: RoleCode, instances: number, service: ServiceConfig = this.world.cluster.service): PoolId {
    const first = this.nextHost;
    if (first + instances > this.hosts.count) throw new Error(`pool ${name} needs hosts up to ${first + instances}, the cluster has ${this.hosts.count}`);
    this.nextHost += instances;
    const hosts = Array.from({ length: instances }, (_, i) => first + i);
    const pool = new Pool({ name, role, hosts, dispatch: this.world.cluster.dispatch, service, tasks: this.tasks, load: this.runner.outstanding, streams: this.streams, hostCount: this.hosts.count });
    this.runner.attach(pool);
    this.provisioned[role]! += instances;
    return (this.pools.push(pool) - 1) as PoolId;
  }

  stream(name: string): Random {
    return this.streams.stream(name);
  }

  timer(handler: (arg: number) => void): Timer {
    return this.sim.on(handler) as Timer;
  }

  // Serving: verbs.
  send(pool: PoolId, batch: number, role: RoleCode, copy: number, avoid = -1): number {
    const t = this.tasks.add(batch, role, copy, this.frontend.batchSize[batch]!, this.batchBytes(batch));
    this.submit(pool, t, avoid >= 0 ? this.tasks.host[avoid]! : -1);
    return t;
  }

  sendGroup(pool: PoolId, group: number, role: RoleCode, copy = 0): number {
    // A coded task is as large as the group's largest batch and carries as many bytes.
    const f = this.frontend;
    let size = 0, bytes = 0;
    for (let b = f.groupStart[group]!, end = b + f.groupSize[group]!; b < end; b++) {
      size = Math.max(size, f.batchSize[b]!);
      bytes = Math.max(bytes, this.batchBytes(b));
    }
    const t = this.tasks.add(group, role, copy, size, bytes);
    this.submit(pool, t, -1);
    return t;
  }

  cancel(task: number, ifRunning: IfRunning): void {
    if (task >= 0) this.runner.cancel(task, ifRunning === 'abort');
  }

  answer(batch: number, how: AnswerCode, task = -1): void {
    this.frontend.answerBatch(batch, how, task >= 0 ? this.tasks.host[task]! : -1, task);
  }

  isAnswered(batch: number): boolean {
    return this.frontend.batchDone[batch] === 1;
  }

  formGroup(first: number, count: number): number {
    return this.frontend.addGroup(first, count);
  }

  noteDecode(group: number, answers: number): void {
    // Only strategies that decode from a choice of answers call this: the array is theirs alone.
    this.decodedFrom ??= new Uint32Array(this.total);
    this.decodedFrom[group] = answers;
  }

  after(delay: number, timer: Timer, arg = 0): void {
    this.sim.schedule(delay, timer, arg);
  }

  at(time: number, timer: Timer, arg = 0): void {
    this.sim.at(time, timer, arg);
  }

  // Serving: reading.
  batchOf(task: number): number {
    return this.tasks.target[task]!;
  }

  roleOf(task: number): RoleCode {
    return this.tasks.role[task] as RoleCode;
  }

  copyOf(task: number): number {
    return this.tasks.copy[task]!;
  }

  closedAt(batch: number): number {
    return this.frontend.batchTime[batch]!;
  }

  batchSize(batch: number): number {
    return this.frontend.batchSize[batch]!;
  }

  groupOf(batch: number): number {
    return this.frontend.batchGroup[batch]!;
  }

  groupFirst(group: number): number {
    return this.frontend.groupStart[group]!;
  }

  groupSize(group: number): number {
    return this.frontend.groupSize[group]!;
  }

  /** Request bytes of batch b: the sum of its queries' payloads. */
  batchBytes(b: number): number {
    const f = this.frontend;
    let bytes = 0;
    for (let q = f.batchStart[b]!, end = q + f.batchSize[b]!; q < end; q++) bytes += this.payload[q]!;
    return bytes;
  }

  /** Queries of the run, warm-up included. */
  get queries(): number {
    return this.total;
  }

  private submit(pool: PoolId, t: number, exclude: number): void {
    const h = this.pools[pool]!.submit(t, exclude);
    if (h >= 0) this.runner.send(t, h);
  }

  /** Hands the workload to `strategy`: arrivals start; the clock is the caller's to run. */
  start(strategy: Strategy): void {
    this.strategy = strategy;
    this.frontend.onBatch = (b) => strategy.onBatch(b);
    this.workload.start();
  }

  /** Runs in simulated time to the end: every query answered, or the drain limit after the last arrival passed. */
  run(strategy: Strategy): Outcomes {
    this.start(strategy);
    this.sim.run();
    return this.finish();
  }

  /** The query at whose arrival backlog sample i is taken (-1 past the last). */
  private sampleAt(i: number): number {
    if (i > BACKLOG_SAMPLES) return -1;
    const measured = this.total - this.world.warmup;
    return this.world.warmup + Math.floor((i * (measured - 1)) / BACKLOG_SAMPLES);
  }

  /** Records the tasks still to be served (queued, on their way or in service) and the tasks created so far. No event: taken at an arrival. */
  private sampleBacklog(): void {
    const { state, count } = this.tasks;
    while (this.settled < count && state[this.settled]! >= TaskState.returning) this.settled++;
    let live = 0;
    for (let t = this.settled; t < count; t++) if (state[t]! < TaskState.returning) live++;
    this.backlog.tasks[this.nextSample] = live;
    this.backlog.created[this.nextSample] = count;
    this.nextSample++;
    // Small runs can map two samples to one query.
    while (this.sampleAt(this.nextSample) === this.sampleAt(this.nextSample - 1) && this.nextSample <= BACKLOG_SAMPLES) {
      this.backlog.tasks[this.nextSample] = live;
      this.backlog.created[this.nextSample] = count;
      this.nextSample++;
    }
    this.nextSampleQuery = this.sampleAt(this.nextSample);
  }

  /** Batches that still have a task in the cluster (a parity task keeps its whole group's hopes up). */
  private liveBatches(): Uint8Array {
    const f = this.frontend, tasks = this.tasks;
    const live = new Uint8Array(f.batchCount);
    for (let t = 0; t < tasks.count; t++) {
      if (tasks.state[t]! > TaskState.returning) continue;
      const target = tasks.target[t]!;
      if (tasks.role[t] === Role.parity) {
        for (let b = f.groupStart[target]!, end = b + f.groupSize[target]!; b < end; b++) live[b] = 1;
      } else live[target] = 1;
    }
    return live;
  }

  /** Marks what never got an answer (unfinished or lost) and returns the outcomes. */
  finish(): Outcomes {
    const f = this.frontend;
    f.markUnanswered(f.answered < this.total ? this.liveBatches() : undefined);
    const held = this.runner.held;
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
      ...(this.decodedFrom ? { groupDecodedFrom: this.decodedFrom.subarray(0, f.groupCount) } : {}),
      busy: this.runner.busy,
      hosts: this.provisioned,
      endTime: this.sim.now,
      events: this.sim.events,
      answerTask: f.answerTask,
      taskState: this.tasks.state.subarray(0, this.tasks.count),
      timeline: this.hosts.timeline,
      shuffleLegs: this.shuffleLegs,
      ...(this.flows.recoveries ? { recoveries: this.flows.recoveries } : {}),
      pools: this.pools.map((p) => ({ name: p.name, instances: p.hosts.length, held: held ? p.hosts.reduce((sum, h) => sum + held[h]!, 0) : NaN })),
      backlog: this.backlog,
    };
  }
}

/** Intervals the measured arrivals are cut into for backlog samples. */
const BACKLOG_SAMPLES = 8;

