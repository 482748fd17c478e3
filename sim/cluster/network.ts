import type { Simulation } from '../engine/simulation.js';
import { TimeHeap } from '../engine/time-heap.js';
import type { KeyedDraws, Random } from '../engine/random.js';
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { NetworkConfig } from './config.js';
import type { Hosts } from './hosts.js';
import type { FlowCarrier } from './runner.js';
import { PacedRegime, type FullSpells, type SwitchPorts } from './switch-ports.js';
import { noRecoveries, RACK_REORDER_MS, recoveryDelay, type Recoveries, type RecoveryCounts } from './tcp-recovery.js';
import { CongestionWindows } from './tcp-window.js';

/** Keys of a message's two race draws, apart from its packets' (0, 1, …: segments, then retransmissions). */
const MESSAGE_PHASE = -1;
const TAIL_PHASE = -2;

/** Endpoint numbering: the frontend is 0, host h is h + 1. */
export const FRONTEND = 0;
export const endpointOf = (host: number): number => host + 1;

/**
 * Message latency, and an optional bandwidth model in which every endpoint has a full-duplex NIC
 * of the same bandwidth.
 *
 * Background flows (shuffles) are simulated as fluid flows: each gets the smaller of its fair
 * shares at the sending and the receiving NIC, recomputed whenever a flow starts or ends. They are
 * not slowed by query traffic: a query payload is ~0.1% of a shuffle, and keeping the background
 * timeline independent of the strategy is what lets every strategy see the same stragglers.
 *
 * How a query transfer leaves its sender and what happens at the receiving end depend on the scenario:
 * - with the switch-port model (`network.buffer`), query messages leave a NIC one after another
 *   at its full rate, as a host's transmit queue (a FIFO) sends them: one sent while another is
 *   still being serialised waits for it (behind the standing queue of a host whose own shuffles
 *   fill its NIC). A port that shuffles are sent into holds a queue of their segments
 *   (SwitchPorts): the transfer waits behind it, and segments that reach it while it overflows
 *   are dropped and recovered as TCP recovers them (tcp-recovery.ts); messages on one connection
 *   are delivered in order, so a stalled message holds back the next;
 * - without it (the fluid model), a transfer takes its fair share of the sender's and the
 *   receiver's NIC (the background flows and other query transfers using them), taken when it
 *   starts: background flows change every ~100 ms while a query transfer lasts well under a
 *   millisecond, so the share is not recomputed mid-transfer. It holds its shares until its bytes
 *   are through. The coarse mode (`stragglers.shuffles.stall`) adds a fixed stall with a fixed
 *   probability to any transfer through a NIC a shuffle touches.
 * A transfer's random draws are keyed by the transfer (its task's batch, role and copy, and its
 * direction), so the same transfer meets the same luck in every strategy that makes it.
 */
export class Network implements FlowCarrier {
  readonly hasBandwidth: boolean;
  private readonly bandwidth: number;
  private readonly latencySampler: Sampler;
  // Transfers using each NIC, by direction: background and query traffic (fg: the fluid model's only).
  private readonly bgOut: Int32Array;
  private readonly bgIn: Int32Array;
  private readonly fgOut: Int32Array;
  private readonly fgIn: Int32Array;
  /** Fluid model: query transfers in flight, by end time, each as from · 65536 + to (endpoints number under 2^15: hosts are Int16). */
  private readonly ending = new TimeHeap(64);
  /** Switch-port model: when each endpoint's NIC has sent the query messages queued on it. */
  private readonly nicFree: Float64Array;
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
  /** Per connection (requests to endpoint e at e, responses from e at endpoints + e): when its last message is delivered. */
  private readonly delivered: Float64Array;
  /** Switch-port model: each connection's congestion window (same numbering). */
  private readonly windows: CongestionWindows;
  /** 1 where a host's own NIC is what limits the shuffles it sends (its transmit queue then stands full). */
  private readonly senderLimited: Uint8Array;
  /** Scratch for offerToPorts: 1 where a shuffle into the endpoint comes from a host that is itself receiving one. */
  private readonly chained: Uint8Array;
  /** How the switch ports' losses were recovered, by the side that sent the message (none without the ports). */
  readonly recoveries: Recoveries | undefined;
  /** Scratch for offerToPorts: per endpoint, what the shuffles into it offer and until when. */
  private readonly offered: Float64Array;
  private readonly offeredUntil: Float64Array;
  constructor(
    private readonly sim: Simulation,
    config: NetworkConfig,
    rng: Random,
    private readonly hosts: Hosts,
    private readonly draws: KeyedDraws,
    private readonly ports: SwitchPorts | null = null,
    private readonly stall: { probability: number; duration: number } | null = null,
  ) {
    this.hasBandwidth = config.bandwidth !== undefined;
    this.bandwidth = config.bandwidth ?? Infinity;
    this.latencySampler = makeSampler(config.latency, rng);
    const endpoints = hosts.count + 1;
    this.bgOut = new Int32Array(endpoints);
    this.bgIn = new Int32Array(endpoints);
    this.fgOut = new Int32Array(endpoints);
    this.fgIn = new Int32Array(endpoints);
    this.delivered = new Float64Array(2 * endpoints);
    this.windows = new CongestionWindows(2 * endpoints);
    this.nicFree = new Float64Array(endpoints);
    this.senderLimited = new Uint8Array(endpoints);
    this.chained = new Uint8Array(endpoints);
    this.offered = new Float64Array(endpoints);
    this.offeredUntil = new Float64Array(endpoints);
    this.recoveries = ports === null ? undefined : { frontend: noRecoveries(), instances: noRecoveries() };
    this.flowEvent = sim.on((_a, token) => {
      if (token === this.token) this.completeFlows();
    });
  }

  /** One-way latency of a message. */
  latency(): number {
    return this.latencySampler.draw();
  }

  /**
   * Starts a query-traffic transfer and returns how long it takes, latency included. `key` names
   * the transfer (see transferKey). In the fluid model its share of the NICs is held until its
   * bytes are through and released by the next transfer that starts after that, so nobody has
   * to report its end.
   */
  transfer(from: number, to: number, bytes: number, key: number): number {
    const latency = this.latencySampler.draw();
    if (!this.hasBandwidth || bytes <= 0) return latency;
    const ports = this.ports;
    if (ports !== null) {
      const connection = from === FRONTEND ? to : this.delivered.length / 2 + from;
      return this.inOrder(connection, this.throughPorts(ports, from, to, bytes, latency, key, connection));
    }
    this.releaseEnded();
    this.fgOut[from]!++;
    this.fgIn[to]!++;
    const congested = this.bgOut[from]! + this.bgIn[to]! > 0;
    const share = Math.min(this.bandwidth / (this.bgOut[from]! + this.fgOut[from]!), this.bandwidth / (this.bgIn[to]! + this.fgIn[to]!));
    const stalled = congested && this.stall !== null && this.draws.uniform(key, from, to) < this.stall.probability;
    const sending = latency + bytes / share;
    this.ending.push(this.sim.now + sending, from * 65536 + to);
    return sending + (stalled ? this.stall!.duration : 0);
  }

  /**
   * A transfer through the switch-port model: it leaves the sender behind whatever the sender's
   * own shuffles keep queued in its NIC, reaches the receiver's switch port, waits behind that
   * port's queue, and loses the segments the port drops, which TCP then recovers.
   */
  private throughPorts(ports: SwitchPorts, from: number, to: number, bytes: number, latency: number, key: number, connection: number): number {
    const { mss } = ports.config;
    const now = this.sim.now;
    // The message leaves at the NIC's full rate once the messages queued before it are sent. A
    // host whose shuffles its own NIC limits keeps that NIC's queue at a standing level (a flow
    // limited further on keeps its queue there instead): a message joins the back of it.
    // (Sharing the NIC between concurrent messages instead, as the fluid model does, halved both
    // messages' rate and doubled the time a full port had to drop their segments: ParM's data and
    // parity requests, sent together, timed out 1.6–1.8x as often as on the emulated cluster.)
    const standing = this.senderLimited[from] === 1 ? ports.config.senderQueueMs : 0;
    const start = Math.max(now + standing, this.nicFree[from]!);
    const senderWait = start - now;
    const serial = bytes / this.bandwidth;
    this.nicFree[from] = start + serial;
    const segments = Math.ceil(bytes / mss);
    const gap = serial / segments;
    const reach = now + latency + senderWait + gap;
    const wait = ports.queued(to, reach) / this.bandwidth;
    // The round trip the connection has been measuring: both ways' latency and this port's queue.
    const srtt = 2 * latency + wait;
    // A message its connection's window cannot hold sends the rest a round trip later, per round.
    // The port meets it as one burst all the same: such messages follow a loss, and are few.
    const windowWait = this.windows.send(connection, segments) * srtt;
    const delivered = latency + senderWait + serial + wait + windowWait;
    const burstEnd = reach + (segments - 1) * gap;
    if (ports.admitsWhole(to, reach, burstEnd, bytes)) return delivered;
    const counts = from === FRONTEND ? this.recoveries!.frontend : this.recoveries!.instances;
    const timeoutsBefore = counts.timeouts;
    const recovery = this.lossDelay(ports, from, to, bytes, latency, key, segments, gap, reach, srtt, burstEnd + windowWait, counts);
    if (recovery > 0) this.windows.lost(connection, segments, counts.timeouts > timeoutsBefore);
    return delivered + recovery;
  }

  /**
   * The extra delay of a message some of whose segments may meet a full port: segment by
   * segment, whether the port drops it, then how long TCP takes to recover what was lost. Kept
   * apart from throughPorts, which most messages leave at admitsWhole: the common path then stays
   * small enough for the compiler to inline into transfer.
   */
  private lossDelay(ports: SwitchPorts, from: number, to: number, bytes: number, latency: number, key: number, segments: number, gap: number, reach: number, srtt: number, lastAt: number, counts: RecoveryCounts): number {
    const mss = ports.config.mss;
    const draws = this.draws;
    // Every draw of this message is keyed by (key, link, packet): the first two are hashed once.
    const drawKey = draws.prefix(key, from * 65536 + to);
    const race = ports.raceLoss(to);
    // A sawing port's full spells; a paced port follows its shuffle's window instead (switch-ports.ts).
    const paced = ports.paced(to);
    let spells: FullSpells | null = null;
    // A full port gives each slot a departure frees to whichever packet reaches it first. The
    // message's full-size segments arrive one frame time apart, as the port's departures and the
    // shuffles' frames do, so they all meet the slots at one phase and win or lose the race
    // together: one draw for the message. A shorter last segment arrives at another phase: behind
    // a paced port, kept within a frame of its limit less the shuffles' burst, it fits (round 16's
    // packet captures: 6 such tails dropped in 12,233); a sawing port's overflow drops whatever
    // arrives, so there it races on its own.
    const messagePhase = draws.uniformAfter(drawKey, MESSAGE_PHASE);
    const tailPhase = paced ? 0 : draws.uniformAfter(drawKey, TAIL_PHASE);
    let lostInside = false, lostTail = false;
    // At a sawing port: whether a segment was lost to the shuffles' own overflow, or only to the message overfilling it.
    let shufflesFull = false, overfilled = false;
    for (let i = 0; i < segments; i++) {
      const size = i < segments - 1 ? mss : bytes - (segments - 1) * mss;
      const at = reach + i * gap;
      if (ports.admits(to, at, size, i * mss)) continue;
      let lost: boolean;
      if (paced) {
        if (size < mss) continue;
        ports.overflow(to, at);
        lost = messagePhase < race;
      } else {
        const losesRace = (size < mss ? tailPhase : messagePhase) < race;
        if (ports.shufflesFull(to, at)) {
          lost = (spells ??= ports.spells(to, true)).full(at, draws.uniformAfter(drawKey, i)) && losesRace;
          shufflesFull ||= lost;
        } else {
          // The port had room for the message's first segments, which the later ones find taken:
          // the message overfills it (the shuffles, clocked by their acknowledgements, keep coming
          // at the port's rate meanwhile).
          lost = losesRace;
          overfilled ||= lost;
        }
      }
      if (lost && i < segments - 1) lostInside = true;
      if (lost && i === segments - 1) lostTail = true;
    }
    if (!lostInside && !lostTail) return 0;
    // A retransmission meets the port again, and loses its race as a first transmission does.
    let lostLater = paced
      ? (t: number, i: number): boolean => draws.uniformAfter(drawKey, i) < ports.fullChance(to, t, lastAt) * race
      : (t: number, i: number): boolean => ports.fullAt(to, t) && (spells ??= ports.spells(to, false)).dropped(t, draws.uniformAfter(drawKey, i), race);
    let resendRtt = srtt;
    if (overfilled && !shufflesFull) {
      // An overfill cost the shuffles segments in the same race, and their senders cut their
      // windows a round trip later, as the resend leaves: it meets the port drained by one flow's
      // cut, is dropped only if that left no room for it, and waits behind what the cut left (read
      // when a resend a round trip on would leave) (docs/validation.md, "Round 19": behind a port two
      // shuffles overload, real requests are resent 3–4 times as often as when the model ignored the
      // overfill). A later retransmission, a timeout on, meets the sawtooth as any other does.
      const room = ports.cutRoom(to);
      const drained = (t: number) => Math.max(0, ports.queued(to, t) - room);
      resendRtt = 2 * latency + drained(lastAt + srtt + RACK_REORDER_MS) / this.bandwidth;
      const meetsSawtooth = lostLater;
      lostLater = (t, i) => i === segments ? drained(t) + mss > ports.config.buffer && draws.uniformAfter(drawKey, i) < race : meetsSawtooth(t, i);
    }
    return recoveryDelay({ inside: lostInside, tail: lostTail }, lastAt, segments, srtt, lostLater, counts, resendRtt);
  }

  /** TCP delivers a connection's messages in order: one that would overtake a stalled one waits for it. */
  private inOrder(connection: number, duration: number): number {
    const at = Math.max(this.sim.now + duration, this.delivered[connection]!);
    this.delivered[connection] = at;
    return at - this.sim.now;
  }

  /** Gives back the NIC shares of the query transfers that have ended by now. */
  private releaseEnded(): void {
    const ending = this.ending;
    const now = this.sim.now;
    while (ending.peekTime() <= now) {
      const link = ending.peekValue();
      ending.pop();
      this.fgOut[link >> 16]!--;
      this.fgIn[link & 0xffff]!--;
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
    this.offerToPorts();
    this.token++;
    if (next < Infinity) this.sim.schedule(next, this.flowEvent, 0, this.token);
  }

  /** Tells the switch ports what the shuffles into each endpoint offer: each flow what its sender's NIC lets it send. */
  private offerToPorts(): void {
    const ports = this.ports;
    if (ports === null) return;
    // Locals throughout: the loops call into the ports, so the fields would be read again on every pass.
    const now = this.sim.now, bandwidth = this.bandwidth;
    const active = this.flowActive, flowSrc = this.flowSrc, flowDst = this.flowDst, flowLeft = this.flowLeft, flowRate = this.flowRate;
    const bgOut = this.bgOut, bgIn = this.bgIn, senderLimited = this.senderLimited;
    const offered = this.offered.fill(0);
    const until = this.offeredUntil.fill(Infinity);
    const chained = this.chained.fill(0);
    senderLimited.fill(0);
    for (let f = 0; f < active.length; f++) {
      if (!active[f]) continue;
      const src = endpointOf(flowSrc[f]!), dst = endpointOf(flowDst[f]!);
      const senderShare = bandwidth / bgOut[src]!;
      offered[dst]! += senderShare;
      if (flowRate[f]! >= senderShare * (1 - 1e-9)) senderLimited[src] = 1;
      until[dst] = Math.min(until[dst]!, now + flowLeft[f]! / flowRate[f]!);
      if (bgIn[src]! > 0) chained[dst] = 1;
    }
    // The ports keep what they were told and return at once where nothing changed.
    for (let e = 0; e < offered.length; e++) {
      ports.setOffered(e, offered[e]!, bgIn[e]!, until[e]!, now, senderLimited[e] === 1 ? PacedRegime.sending : chained[e] === 1 ? PacedRegime.chained : PacedRegime.idle);
    }
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
