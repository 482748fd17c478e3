import type { Simulation } from '../engine/simulation.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Random } from '../engine/random.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { NetworkConfig } from './config.js';
import type { Hosts } from './hosts.js';
import type { FlowCarrier } from './runner.js';

/** Endpoint numbering: the frontend is 0, host h is h + 1. */
export const FRONTEND = 0;
export const endpointOf = (host: number): number => host + 1;

/**
 * Message latency, and an optional bandwidth model in which every endpoint has a full-duplex NIC
 * of the same bandwidth, shared fairly by the transfers using it.
 *
 * Background flows (shuffles) are simulated as fluid flows: each gets the smaller of its fair
 * shares at the sending and the receiving NIC, recomputed whenever a flow starts or ends. They are
 * not slowed by query traffic: a query payload is ~0.1% of a shuffle, and keeping the background
 * timeline independent of the strategy is what lets every strategy see the same stragglers.
 * A query transfer gets its fair share at the moment it starts, counting the background flows and
 * the other query transfers on both NICs; background flows change every ~100 ms while a query
 * transfer lasts well under a millisecond, so the share is not recomputed mid-transfer.
 */
export class Network implements FlowCarrier {
  readonly hasBandwidth: boolean;
  private readonly bandwidth: number;
  private readonly latencySampler: Sampler;
  // Transfers using each NIC, by direction: background and query traffic.
  private readonly bgOut: Int32Array;
  private readonly bgIn: Int32Array;
  private readonly fgOut: Int32Array;
  private readonly fgIn: Int32Array;
  /** Query transfers in flight, by end time (from and to as the two arguments). */
  private readonly ending = new EventQueue(64);
  // Background flows, by slot.
  private flowSrc = new Int32Array(0);
  private flowDst = new Int32Array(0);
  private flowLeft = new Float64Array(0);
  private flowRate = new Float64Array(0);
  private flowActive = new Uint8Array(0);
  private lastUpdate = 0;
  private token = 0;
  private readonly flowEvent: number;
  private onFlowDone: (slot: number) => void = () => {};

  constructor(
    private readonly sim: Simulation,
    config: NetworkConfig,
    rng: Random,
    private readonly hosts: Hosts,
    private readonly stall: { probability: number; duration: number; rng: Random } | null = null,
  ) {
    this.hasBandwidth = config.bandwidth !== undefined;
    this.bandwidth = config.bandwidth ?? Infinity;
    this.latencySampler = makeSampler(config.latency, rng);
    const endpoints = hosts.count + 1;
    this.bgOut = new Int32Array(endpoints);
    this.bgIn = new Int32Array(endpoints);
    this.fgOut = new Int32Array(endpoints);
    this.fgIn = new Int32Array(endpoints);
    this.flowEvent = sim.on((_a, token) => {
      if (token === this.token) this.completeFlows();
    });
  }

  /** One-way latency of a message. */
  latency(): number {
    return this.latencySampler();
  }

  /**
   * Starts a query-traffic transfer and returns how long it takes, latency included. Its share of
   * both NICs is held until it ends and released by the next transfer that starts after that, so
   * nobody has to report its end.
   */
  transfer(from: number, to: number, bytes: number): number {
    const latency = this.latencySampler();
    if (!this.hasBandwidth || bytes <= 0) return latency;
    this.releaseEnded();
    const congested = this.bgOut[from]! + this.bgIn[to]! > 0;
    this.fgOut[from]!++;
    this.fgIn[to]!++;
    const share = Math.min(
      this.bandwidth / (this.bgOut[from]! + this.fgOut[from]!),
      this.bandwidth / (this.bgIn[to]! + this.fgIn[to]!),
    );
    const stalled = congested && this.stall !== null && this.stall.rng.uniform() < this.stall.probability;
    const duration = latency + bytes / share + (stalled ? this.stall!.duration : 0);
    this.ending.push(this.sim.now + duration, 0, from, to);
    return duration;
  }

  /** Gives back the NIC shares of the query transfers that have ended by now. */
  private releaseEnded(): void {
    const ending = this.ending;
    const now = this.sim.now;
    while (ending.peekTime() <= now) {
      ending.pop();
      this.fgOut[ending.poppedA]!--;
      this.fgIn[ending.poppedB]!--;
    }
  }

  /** Reserves `slots` background flow slots; `onDone(slot)` is called when a slot's flow finishes. */
  setupFlows(slots: number, onDone: (slot: number) => void): void {
    this.flowSrc = new Int32Array(slots);
    this.flowDst = new Int32Array(slots);
    this.flowLeft = new Float64Array(slots);
    this.flowRate = new Float64Array(slots);
    this.flowActive = new Uint8Array(slots);
    this.onFlowDone = onDone;
  }

  /** Starts background flow `slot` of `bytes` from host `src` to host `dst`. */
  startFlow(slot: number, src: number, dst: number, bytes: number): void {
    this.advance();
    this.flowSrc[slot] = src;
    this.flowDst[slot] = dst;
    this.flowLeft[slot] = bytes;
    this.flowActive[slot] = 1;
    this.bgOut[endpointOf(src)]!++;
    this.bgIn[endpointOf(dst)]!++;
    this.touch(src, 1);
    this.touch(dst, 1);
    this.reschedule();
  }

  private touch(host: number, delta: number): void {
    const before = this.hosts.flows[host]!;
    this.hosts.flows[host] = before + delta;
    if ((before === 0) !== (before + delta === 0)) this.hosts.changed(host);
  }

  /** Moves every active flow forward to now at its current rate. */
  private advance(): void {
    const dt = this.sim.now - this.lastUpdate;
    this.lastUpdate = this.sim.now;
    if (dt <= 0) return;
    for (let f = 0; f < this.flowActive.length; f++) {
      if (this.flowActive[f]) this.flowLeft[f] = Math.max(0, this.flowLeft[f]! - this.flowRate[f]! * dt);
    }
  }

  /** Recomputes fair shares and schedules the next flow completion (older events go stale). */
  private reschedule(): void {
    let next = Infinity;
    for (let f = 0; f < this.flowActive.length; f++) {
      if (!this.flowActive[f]) continue;
      const src = endpointOf(this.flowSrc[f]!), dst = endpointOf(this.flowDst[f]!);
      const rate = Math.min(this.bandwidth / this.bgOut[src]!, this.bandwidth / this.bgIn[dst]!);
      this.flowRate[f] = rate;
      next = Math.min(next, this.flowLeft[f]! / rate);
    }
    this.token++;
    if (next < Infinity) this.sim.schedule(next, this.flowEvent, 0, this.token);
  }

  private completeFlows(): void {
    this.advance();
    // A flow is done when less than a byte is left (guards against rounding in advance()).
    const done: number[] = [];
    for (let f = 0; f < this.flowActive.length; f++) {
      if (this.flowActive[f] && this.flowLeft[f]! < 1) done.push(f);
    }
    for (const f of done) {
      this.flowActive[f] = 0;
      this.bgOut[endpointOf(this.flowSrc[f]!)]!--;
      this.bgIn[endpointOf(this.flowDst[f]!)]!--;
      this.touch(this.flowSrc[f]!, -1);
      this.touch(this.flowDst[f]!, -1);
    }
    this.reschedule();
    for (const f of done) this.onFlowDone(f);
  }
}
